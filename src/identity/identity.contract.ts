/**
 * What other contexts may use of identity: who is calling (the principal and its decorator), the
 * command context of a write, the board roster, the user facts a payout or a conversion is
 * decided on, and the deciders the audit replays. Roles and KYC statuses are in
 * domain/roles.contract.ts, for other contexts' domain code.
 */
export { CurrentPrincipal, WriteContext } from './access/current-principal.decorator';
export { actorIdOf } from './access/principal';
export type { Principal } from './access/principal';
export { BoardRoster } from './commands/board-roster';
export type { CommandContext } from './commands/user-stream.writer';
export { apiTokenDecider } from './domain/api-token.events';
export { boardRosterDecider } from './domain/board-roster';
export { deviceCompliance, userDecider } from './domain/user.state';
export type { UserState } from './domain/user.state';
export { userIdParamSchema } from './http/identity.schemas';
export { requireKnownUsers } from './queries/known-users';
export type { AuthenticatedRequest } from './access/principal';
export { idempotencyKeySchema } from './access/current-principal.decorator';
