/** What other contexts may use of the wallet: its decider and balance, for a conversion's check and the audit, and how points are shown. */
export { formatPoints } from './domain/wallet.decide';
export { availableBuz, walletDecider } from './domain/wallet.state';
export type { WalletState } from './domain/wallet.state';
