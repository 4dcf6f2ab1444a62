import { assertNever } from '../../shared-kernel/assert-never';
import type { Decider } from '../../shared-kernel/decider';
import { STATUS_LIST_LENGTH } from '../credentials/status-list';

/**
 * Events of `statusList-1`: each award issued as an Open Badges credential, with its index in
 * the Bitstring Status List, and each revocation of one. One stream hands out the indexes, so
 * its exact-revision append makes every index unique; the award event's id and hash tie the
 * credential to the ledger's inclusion proof.
 */
export type CredentialStatusEvent =
  | {
      type: 'CredentialIssued';
      data: {
        credentialId: string;
        userId: string;
        badgeCode: string;
        awardEventId: string;
        awardEventHash: string;
        awardedAt: string;
        statusListIndex: number;
      };
    }
  | { type: 'CredentialRevoked'; data: { credentialId: string; statusListIndex: number } };

export const STATUS_LIST_ID = '1';
export const STATUS_LIST_STREAM = `statusList-${STATUS_LIST_ID}`;

export interface CredentialStatusState {
  nextIndex: number;
  /** Revoked status list indexes. */
  revoked: Readonly<Record<number, true>>;
}

export const initialCredentialStatus: CredentialStatusState = { nextIndex: 0, revoked: {} };

export function evolveCredentialStatus(
  state: CredentialStatusState,
  event: CredentialStatusEvent,
): CredentialStatusState {
  switch (event.type) {
    case 'CredentialIssued':
      return { ...state, nextIndex: Math.max(state.nextIndex, event.data.statusListIndex + 1) };
    case 'CredentialRevoked':
      return { ...state, revoked: { ...state.revoked, [event.data.statusListIndex]: true } };
    default:
      return assertNever(event);
  }
}

export const credentialStatusDecider: Decider<CredentialStatusState, CredentialStatusEvent> = {
  initialState: initialCredentialStatus,
  evolve: evolveCredentialStatus,
};

export type IssuedAward = Omit<Extract<CredentialStatusEvent, { type: 'CredentialIssued' }>['data'], 'statusListIndex'>;

/** The next free index; the command id (from the award event) makes a redelivery a no-op. */
export function issueCredential(state: CredentialStatusState, award: IssuedAward): CredentialStatusEvent[] {
  if (state.nextIndex >= STATUS_LIST_LENGTH)
    throw new Error(`Status list ${STATUS_LIST_ID} is full; a second list is not built yet`);
  return [{ type: 'CredentialIssued', data: { ...award, statusListIndex: state.nextIndex } }];
}

/** Sets the credential's bit; a bit already set stays set and writes nothing. */
export function revokeCredential(
  state: CredentialStatusState,
  credential: { credentialId: string; statusListIndex: number },
): CredentialStatusEvent[] {
  if (Object.hasOwn(state.revoked, credential.statusListIndex)) return [];
  return [{ type: 'CredentialRevoked', data: credential }];
}
