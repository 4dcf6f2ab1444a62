/** What other contexts may use of the wallet: its decider and balance, for a conversion's lock and the audit, and how points are shown. */
export { decideWallet, formatPoints } from './domain/wallet.decide';
export type { WalletCommand } from './domain/wallet.decide';
export { availableBuz, walletDecider } from './domain/wallet.state';
export type { WalletState } from './domain/wallet.state';
