import type { Decider } from '../../shared-kernel/decider';
import { invariant } from '../../shared-kernel/invariant';

/**
 * Events of `apiToken-<tokenId>`: the audit trail of an integration token's revocation. The token
 * itself (its name, role and secret hash) lives in `api_tokens`, which the authenticator reads;
 * the event says who ended it, and carries no secret.
 */
export type ApiTokenEvent = { type: 'ApiTokenRevoked'; data: { revokedBy: string | null } };

export const apiTokenStream = (tokenId: string) => `apiToken-${tokenId}`;

export interface ApiTokenState {
  revoked: boolean;
}

export const apiTokenDecider: Decider<ApiTokenState, ApiTokenEvent> = {
  initialState: { revoked: false },
  evolve: (state, event) => {
    invariant(!state.revoked, 'api token', 'a token is revoked once', { revokedBy: event.data.revokedBy });
    return { revoked: true };
  },
};

/** Revoking a revoked token is a no-op: its first revocation stands. `revokedBy` is null from the CLI. */
export function decideApiToken(command: { type: 'RevokeApiToken'; revokedBy: string | null }, state: ApiTokenState) {
  return state.revoked ? [] : [{ type: 'ApiTokenRevoked' as const, data: { revokedBy: command.revokedBy } }];
}
