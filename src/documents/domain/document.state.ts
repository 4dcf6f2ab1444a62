import { assertNever } from '../../shared-kernel/assert-never';
import type { Decider } from '../../shared-kernel/decider';
import type { DocumentEvent, DocumentRegisteredData, DocumentSharedData, DocumentVersionData } from './document.events';

export type DocumentStatus = 'ACTIVE' | 'ARCHIVED' | 'DELETED' | 'PURGED';

export interface ShareState extends DocumentSharedData {
  revokedAt: string | null;
  /** Set when the expiry clean-up closed it. */
  expiredAt: string | null;
}

export interface DocumentState {
  document: DocumentRegisteredData | null;
  status: DocumentStatus | null;
  versions: DocumentVersionData[];
  shares: Record<string, ShareState>;
}

export const initialDocumentState: DocumentState = { document: null, status: null, versions: [], shares: {} };

export function evolveDocument(state: DocumentState, event: DocumentEvent): DocumentState {
  switch (event.type) {
    case 'DocumentRegistered':
      return { ...state, document: event.data, status: 'ACTIVE' };
    case 'DocumentVersionAdded':
      return { ...state, versions: [...state.versions, event.data] };
    case 'DocumentShared':
      return {
        ...state,
        shares: { ...state.shares, [event.data.shareId]: { ...event.data, revokedAt: null, expiredAt: null } },
      };
    case 'DocumentShareRevoked':
      return updateShares(state, [event.data.shareId], (share) => ({ ...share, revokedAt: event.data.revokedAt }));
    case 'DocumentSharesExpired':
      return updateShares(state, event.data.shareIds, (share) => ({ ...share, expiredAt: event.data.expiredAt }));
    case 'DocumentViewed':
    case 'DocumentCommented':
    case 'DocumentIntegrityAlarmRaised':
      return state;
    case 'DocumentArchived':
      return { ...state, status: 'ARCHIVED' };
    case 'DocumentDeleted':
      return { ...state, status: 'DELETED' };
    case 'DocumentPurged':
      return { ...state, status: 'PURGED' };
    default:
      return assertNever(event);
  }
}

function updateShares(
  state: DocumentState,
  shareIds: readonly string[],
  change: (share: ShareState) => ShareState,
): DocumentState {
  const shares = { ...state.shares };
  for (const shareId of shareIds) if (Object.hasOwn(shares, shareId)) shares[shareId] = change(shares[shareId]);
  return { ...state, shares };
}

export const documentDecider: Decider<DocumentState, DocumentEvent> = {
  initialState: initialDocumentState,
  evolve: evolveDocument,
};

/** A share counts until it is revoked, cleaned up, or its expiry has passed. */
export function isShareActive(share: ShareState, now: string): boolean {
  return share.revokedAt === null && share.expiredAt === null && (share.expiresAt === null || share.expiresAt > now);
}

export function latestVersion(state: DocumentState): DocumentVersionData | null {
  return state.versions.at(-1) ?? null;
}

/** The clients a document is or was shared with: a hold on any of them covers the document. */
export function clientIdsOf(state: DocumentState): string[] {
  return [...new Set(Object.values(state.shares).flatMap((share) => (share.clientId ? [share.clientId] : [])))];
}
