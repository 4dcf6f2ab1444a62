import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { CredentialsQueries } from '../queries/credentials.queries';
import {
  credentialIdParamSchema,
  credentialResponseSchema,
  issuerResponseSchema,
  statusListIdParamSchema,
  statusListResponseSchema,
} from './badges.schemas';

const CredentialIdParam = () => Param('credentialId', new ZodValidationPipe(credentialIdParamSchema));

/** Public: anyone holding a credential can check it against the issuer's key and the status list. */
@Controller('api/v1/credentials')
export class CredentialsController {
  constructor(private readonly credentials: CredentialsQueries) {}

  @Get('issuer')
  @RespondsWith(issuerResponseSchema)
  issuer() {
    return this.credentials.issuer();
  }

  @Get('status/:listId')
  @Header('cache-control', 'no-cache')
  @RespondsWith(statusListResponseSchema)
  statusList(@Param('listId', new ZodValidationPipe(statusListIdParamSchema)) listId: string) {
    return this.credentials.statusList(listId);
  }

  @Get(':credentialId')
  @RespondsWith(credentialResponseSchema)
  credential(@CredentialIdParam() credentialId: string) {
    return this.credentials.credential(credentialId);
  }

  /** The same credential as a file to keep or import into a wallet. */
  @Get(':credentialId/download')
  @RespondsWith(credentialResponseSchema)
  async download(@CredentialIdParam() credentialId: string, @Res({ passthrough: true }) response: Response) {
    const credential = await this.credentials.credential(credentialId);
    response.setHeader('content-disposition', `attachment; filename="open-badge-${credentialId}.json"`);
    return credential;
  }
}
