import { Module } from '@nestjs/common';
import { IssueBuzHandler } from './commands/issue-buz.handler';
import { ReleaseLockedBuzHandler } from './commands/release-locked-buz.handler';
import { WalletController } from './http/wallet.controller';
import { WalletQueries } from './queries/wallet.queries';

/** The BUZ wallet: its commands (issue, release a conversion's lock) write only `wallet-<id>`; its view. */
@Module({
  controllers: [WalletController],
  providers: [IssueBuzHandler, ReleaseLockedBuzHandler, WalletQueries],
})
export class WalletModule {}
