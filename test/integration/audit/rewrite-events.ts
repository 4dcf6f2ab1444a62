import type pg from 'pg';
import { chainHash } from '../../../src/platform/chain/event-hash';
import { toLink, type ChainRow } from '../../../src/platform/event-store/postgres/postgres-chain-reader';
import { tamper } from '../../support/tamper';

/**
 * What an attacker who knows the hash algorithm does: rewrites one event's data, then recomputes
 * its hash and every later hash and link of its stream, so the stream chain verifies again.
 */
export async function rewriteAndRehash(
  owner: pg.Client,
  streamId: string,
  revision: bigint,
  rewrite: (dataText: string) => string,
): Promise<void> {
  const { rows } = await owner.query<ChainRow>(
    'select stream_id, revision, event_id, type, data, metadata, prev_hash, hash from events where stream_id = $1 and revision >= $2 order by revision',
    [streamId, revision.toString()],
  );
  const links = rows.map(toLink);
  let prevHash = links[0].prevHash;
  for (const [index, link] of links.entries()) {
    const dataText = index === 0 ? rewrite(link.dataText) : link.dataText;
    const hash = chainHash(prevHash, { ...link, dataText });
    await tamper(
      owner,
      `update events set data = $1, prev_hash = decode($2, 'hex'), hash = decode($3, 'hex') where event_id = $4`,
      [dataText, prevHash, hash, link.eventId],
    );
    prevHash = hash;
  }
}

/** The stored leaves follow a rewritten stream too: only the signed checkpoints are left to catch it. */
export async function resealLeaves(owner: pg.Client, streamId: string): Promise<void> {
  await owner.query(
    `update merkle_leaves l set event_hash = e.hash, leaf_hash = sha256('\\x00'::bytea || e.hash) from events e where e.event_id = l.event_id and l.stream_id = $1`,
    [streamId],
  );
}
