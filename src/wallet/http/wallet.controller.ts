import { Controller, Get, Query } from '@nestjs/common';
import type { z } from 'zod';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { WalletQueries, walletPageSchema } from '../queries/wallet.queries';
import { walletSchema } from './wallet.responses';
import { CurrentPrincipal, type Principal } from '../../identity/identity.contract';

@Controller('api/v1/wallet')
export class WalletController {
  constructor(private readonly wallets: WalletQueries) {}

  /** Balance, pending lock, available, today's issuance against the cap, and a ledger page. */
  @Get('me')
  @RespondsWith(walletSchema)
  me(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(walletPageSchema)) page: z.infer<typeof walletPageSchema>,
  ) {
    return this.wallets.forUser(principal.userId as string, page);
  }
}
