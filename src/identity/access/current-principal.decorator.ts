import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { safeText } from '../../platform/http/safe-text';
import { newId } from '../../shared-kernel/ids';
import type { CommandContext } from '../commands/user-stream.writer';
import { UnauthenticatedError } from './authenticator.service';
import { actorIdOf, type AuthenticatedRequest, type Principal } from './principal';

/** The caller the access guard established; routes that use it are never public. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new UnauthenticatedError();
  return principal;
});

export const idempotencyKeySchema = safeText().regex(
  /^[A-Za-z0-9._:-]{8,100}$/,
  'Idempotency-Key must be 8–100 characters of A–Z, a–z, 0–9, . _ : -',
);

/**
 * The command context of a write: the actor, and a command id from the Idempotency-Key header
 * (scoped to the actor, so two callers can't collide) or a fresh one.
 */
export function readWriteContext(_: unknown, context: ExecutionContext): CommandContext {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const principal = request.principal;
  if (!principal) throw new UnauthenticatedError();
  const header = request.headers['idempotency-key'];
  const key = header === undefined ? null : idempotencyKeySchema.parse(header);
  const actorId = actorIdOf(principal);
  return {
    commandId: key ? `${actorId}:${key}` : newId(),
    actorId,
    correlationId: typeof request.id === 'string' && request.id !== '' ? request.id : null,
  };
}

/** Exported apart from its factory so the OpenAPI document can tell which routes take an Idempotency-Key. */
export const WriteContext = createParamDecorator(readWriteContext);
