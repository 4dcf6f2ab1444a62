/**
 * What other contexts may use of ventures: the one way to record TaskAccepted, the deciders the
 * audit replays, and the venture stream a window's settlement reads the founders' pool from.
 */
export { acceptTaskOnce } from './commands/accept-task-once';
export { taskDecider } from './domain/task.state';
export { ventureDecider } from './domain/venture.state';
export { VENTURE_TOTAL_BPS, ventureStream } from './domain/venture.events';
