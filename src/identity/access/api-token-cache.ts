import type { ApiTokenRow } from '../accounts/api-tokens.repository';

interface Entry {
  row: ApiTokenRow;
  fetchedAtMs: number;
}

/**
 * Integration tokens as last read from `api_tokens`, kept for at most `maxAgeMs`: an integration
 * posting hundreds of requests a second then costs one lookup per token per interval, and a token
 * revoked in the database is refused within `maxAgeMs` on every instance. Only rows that exist
 * are kept (an unknown id is looked up every time), the secret is still compared on every
 * request, and the oldest entries go beyond `maxEntries`. A `maxAgeMs` of 0 turns it off.
 */
export class ApiTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxEntries = 1000,
  ) {}

  /** `nowMs` is the app's Clock; an entry from the future (the wall clock was set back) counts as expired, so it cannot live longer than `maxAgeMs`. */
  async get(
    tokenId: string,
    nowMs: number,
    lookup: (tokenId: string) => Promise<ApiTokenRow | undefined>,
  ): Promise<ApiTokenRow | undefined> {
    const cached = this.entries.get(tokenId);
    const ageMs = cached ? nowMs - cached.fetchedAtMs : -1;
    if (cached && ageMs >= 0 && ageMs < this.maxAgeMs) return cached.row;
    const row = await lookup(tokenId);
    this.entries.delete(tokenId);
    if (row && this.maxAgeMs > 0) {
      this.entries.set(tokenId, { row, fetchedAtMs: nowMs });
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    return row;
  }
}
