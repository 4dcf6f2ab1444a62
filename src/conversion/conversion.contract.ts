/** What other contexts may use of the conversion context: its deciders, which the audit replays. */
export { conversionDecider } from './domain/conversion.state';
export { windowDecider } from './domain/window.state';
export { equityPoolDecider } from './domain/equity-pool.decide';
