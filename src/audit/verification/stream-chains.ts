import {
  ChainVerifier,
  type ChainBreak,
  type ContentVerdict,
  type StoredChainLink,
} from '../../platform/chain/chain-verifier';

/**
 * Every stream's chain as LogVerifier meets its events in feed order: per stream, the revision
 * and prevHash the next event must have. check() reports the event's chain break, if any
 * (revision, then link, then its content), and moves its stream on.
 */
export interface StreamChains<E extends StoredChainLink> {
  /** Streams met so far. */
  readonly size: number;
  check(event: E, content: ContentVerdict | undefined): ChainBreak | null;
}

/** The chains of events held as text, as the online verifier reads them: a ChainVerifier per stream id. */
export class TextChains implements StreamChains<StoredChainLink> {
  private readonly chains = new Map<string, ChainVerifier>();

  get size(): number {
    return this.chains.size;
  }

  check(event: StoredChainLink, content: ContentVerdict | undefined): ChainBreak | null {
    let chain = this.chains.get(event.streamId);
    if (!chain) this.chains.set(event.streamId, (chain = new ChainVerifier()));
    return chain.check(event, content);
  }
}
