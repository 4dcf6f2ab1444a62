/** What other contexts may use of ventures: the one way to record TaskAccepted, and the deciders the audit replays. */
export { acceptTaskOnce } from './commands/accept-task-once';
export { taskDecider } from './domain/task.state';
export { ventureDecider } from './domain/venture.state';
export { VENTURE_TOTAL_BPS } from './domain/venture.events';
