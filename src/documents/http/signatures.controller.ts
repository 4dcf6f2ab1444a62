import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { z } from 'zod';
import { CurrentPrincipal, WriteContext, type Principal } from '../../identity/identity.contract';
import type { WriteCause } from '../../platform/event-store/stream-writer.service';
import { RespondsWith, RespondsWithContent } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { RequestSignatures, SignDocument } from '../commands/signature.commands';
import { parseDer, parseP1363, verifyP256 } from '../crypto/ecdsa-p256';
import { EVIDENCE_HTML_CSP, evidenceHtml } from '../evidence/evidence-html';
import { requestPublicKey } from '../crypto/public-key';
import { SignatureListQueries } from '../queries/signature-list.queries';
import { SignatureQueries } from '../queries/signature.queries';
import {
  documentSignatureRequestsResponseSchema,
  evidenceResponseSchema,
  requestCreatedResponseSchema,
  signatureRequestResponseSchema,
  signaturesByHashResponseSchema,
  signedResponseSchema,
  signerRequestsResponseSchema,
  verifyResponseSchema,
} from './signatures.responses';
import {
  documentRequestsQuerySchema,
  forMeQuerySchema,
  requestIdParamSchema,
  requestSignaturesSchema,
  sha256ParamSchema,
  signSchema,
  verifySchema,
} from './signatures.schemas';

const requestId = () => Param('requestId', new ZodValidationPipe(requestIdParamSchema));
const privileged = (principal: Principal) =>
  principal.roles.some((role) => role === 'auditor' || role === 'compliance');

@Controller('api/v1/signatures')
export class SignaturesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly signatures: SignatureQueries,
    private readonly lists: SignatureListQueries,
  ) {}

  /** The requests on one document, each with every signer's state: all for its owner, a signer's own for them. */
  @Get()
  @RespondsWith(documentSignatureRequestsResponseSchema)
  forDocument(
    @Query(new ZodValidationPipe(documentRequestsQuerySchema)) query: z.infer<typeof documentRequestsQuerySchema>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.lists.forDocument(query.documentId, principal.userId as string, privileged(principal));
  }

  /** The caller's own requests to sign: `waiting` (default), `signed` or `all`. Declared before `:requestId`. */
  @Get('for-me')
  @RespondsWith(signerRequestsResponseSchema)
  forMe(
    @Query(new ZodValidationPipe(forMeQuerySchema)) query: z.infer<typeof forMeQuerySchema>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.lists.forSigner(principal.userId as string, query.state);
  }

  /** The owner asks signers to sign the document's latest version. */
  @Post()
  @RespondsWith(requestCreatedResponseSchema)
  request(
    @Body(new ZodValidationPipe(requestSignaturesSchema)) body: z.infer<typeof requestSignaturesSchema>,
    @WriteContext() context: WriteCause,
  ) {
    return this.commands.execute(
      new RequestSignatures(body.documentId, body.signers, body.message, body.dueAt, context),
    );
  }

  /**
   * Public: standard ECDSA P-256 / SHA-256 verification of any message. A malformed key or hex is
   * 400; a signature that is malformed in any way (DER with extra bytes, wrong lengths, a
   * non-minimal integer; r or s out of range) is simply not valid.
   */
  @Post('verify')
  @HttpCode(200)
  @RespondsWith(verifyResponseSchema)
  verify(@Body(new ZodValidationPipe(verifySchema)) body: z.infer<typeof verifySchema>) {
    const publicKey = requestPublicKey(body.publicKeyHex);
    const rs = body.encoding === 'der' ? parseDer(body.signatureHex) : parseP1363(body.signatureHex);
    return { valid: verifyP256(publicKey, body.messageHex, rs) };
  }

  /** Public: what the /verify page lists for a file's hash, with inclusion proofs to check in the browser. */
  @Get('by-hash/:sha256')
  @RespondsWith(signaturesByHashResponseSchema)
  byHash(@Param('sha256', new ZodValidationPipe(sha256ParamSchema)) sha256: string) {
    return this.signatures.bySha256(sha256);
  }

  @Get(':requestId')
  @RespondsWith(signatureRequestResponseSchema)
  get(@requestId() id: string, @CurrentPrincipal() principal: Principal) {
    return this.signatures.request(id, principal.userId as string, privileged(principal));
  }

  @Get(':requestId/evidence')
  @RespondsWith(evidenceResponseSchema)
  evidence(@requestId() id: string, @CurrentPrincipal() principal: Principal) {
    return this.signatures.evidence(id, principal.userId as string, privileged(principal));
  }

  /**
   * The same package as one self-contained HTML page for people: every value escaped, no script,
   * nothing loaded; its own CSP admits only its one style block.
   */
  @Get(':requestId/evidence.html')
  @RespondsWithContent('text/html', 'The evidence package as a self-contained HTML page (no script, nothing loaded).')
  async evidencePage(
    @requestId() id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const evidence = await this.signatures.evidence(id, principal.userId as string, privileged(principal));
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.setHeader('content-security-policy', EVIDENCE_HTML_CSP);
    response.setHeader('cache-control', 'private, no-store');
    response.setHeader('content-disposition', `inline; filename="signature-evidence-${id}.html"`);
    return evidenceHtml(evidence);
  }

  /** The signer's signature over the request's statement, made with their own key in their browser. */
  @Post(':requestId/sign')
  @HttpCode(200)
  @RespondsWith(signedResponseSchema)
  sign(
    @requestId() id: string,
    @Body(new ZodValidationPipe(signSchema)) body: z.infer<typeof signSchema>,
    @WriteContext() context: WriteCause,
  ) {
    return this.commands.execute(
      new SignDocument(
        id,
        { kind: 'user', userId: context.actorId as string },
        { keyId: body.keyId, signatureHex: body.signature, signedAt: body.signedAt, intent: body.intent },
        context,
      ),
    );
  }
}
