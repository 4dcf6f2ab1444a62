/** What other contexts may use of progress: the member decider, for the facts a payout reads and the audit's replay. */
export { memberDecider } from './domain/member.state';
export type { MemberState } from './domain/member.state';
export { ProfileQueries } from './queries/profile.queries';
export { trustWeightMilli } from './domain/progress.formulas';
