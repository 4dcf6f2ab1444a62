import type { Request } from 'express';
import type { Role } from '../domain/roles.contract';

/** Who is calling, established once per request by the access guard. */
export interface Principal {
  kind: 'user' | 'integration';
  /** The user, or null for an integration token. */
  userId: string | null;
  sessionId: string | null;
  /** The integration token's id, for audit metadata. */
  tokenId: string | null;
  roles: Role[];
  mfaVerified: boolean;
  /** The account has TOTP turned on: until this session verifies, it may only finish signing in. */
  mfaEnabled: boolean;
  transport: 'cookie' | 'bearer' | 'token';
  /** When the access token stops being accepted (clock ms); a long-lived stream ends then. None for integrations. */
  accessExpiresAtMs?: number;
}

export type AuthenticatedRequest = Request & { principal?: Principal | null };

/** The actor id written into event metadata: the user, or `token:<id>` for an integration. */
export function actorIdOf(principal: Principal): string {
  return principal.userId ?? `token:${principal.tokenId}`;
}
