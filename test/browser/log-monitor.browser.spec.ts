import type { Browser } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_SIGNED, CHECKPOINT_STREAM, LOG_ORIGIN } from '../../src/audit/checkpoints/checkpoint';
import { signingKeyFromSecret } from '../../src/audit/checkpoints/signing-key';
import {
  checkpointNoteBody,
  cosign,
  COSIGNATURE_V1,
  formatVerifierKey,
  noteSignerFromSeed,
  signatureLine,
} from '../../src/audit/witness/signed-note';
import { notedCheckpointResponseSchema } from '../../src/audit/witness/witness.schemas';
import { rootFromLeafHashes } from '../../src/platform/chain/merkle';
import { derivedId } from '../../src/shared-kernel/ids';
import { resealLeaves, rewriteAndRehash } from '../integration/audit/rewrite-events';
import { launchBrowser } from '../support/browser';
import { someEvents, uniqueStream } from '../support/events';
import { signUp, type TestUser } from '../support/identity';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { startTestApp, TEST_ENV, type TestApp } from '../support/test-app';
import { present } from '../support/present';
import { closeIfStarted, endIfStarted } from '../support/teardown';
import { waitFor } from '../support/wait';

const WITNESS = { name: 'witness.test/browser', seed: new Uint8Array(32).fill(9) };
const WITNESS_VKEY = formatVerifierKey({
  name: WITNESS.name,
  type: COSIGNATURE_V1,
  publicKey: noteSignerFromSeed(WITNESS.name, WITNESS.seed).publicKey,
});

const newestCheckpointSchema = notedCheckpointResponseSchema.pick({ origin: true, treeSize: true, rootHash: true });

describe('Portal: the browser monitors the log and sees history rewritten behind its back (real API, PostgreSQL, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let owner: pg.Client;
  let auditor: TestUser;
  let tab: PortalTab;
  const stream = uniqueStream('monitored');
  /** The tree each page's monitor last verified, as the page itself said. */
  const verified: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp({
      env: { CHECKPOINT_EVERY_EVENTS: '3', CHECKPOINT_EVERY_MS: '300', WITNESS_KEYS: WITNESS_VKEY },
    });
    owner = new pg.Client(app.ownerUrl);
    await owner.connect();
    auditor = await signUp(app, { roles: ['auditor'], mfa: true });
    await app.rawStore.append(stream, someEvents(4), { expectedRevision: 'no_stream' });
    await checkpointAtLeast(1);
    browser = await launchBrowser();
    tab = await openPortal(browser);
    await signInThroughPortal(tab.page, app.baseUrl, auditor.email, auditor.totpSecret);
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await endIfStarted(owner);
    await closeIfStarted(app);
  });

  /** The newest checkpoint's body: what a witness cosigns. */
  const newest = async () =>
    newestCheckpointSchema.parse(await (await fetch(`${app.baseUrl}/api/v1/witness/checkpoint`)).json());

  /** Until the sealer has signed a checkpoint of at least this size. */
  function checkpointAtLeast(treeSize: number): Promise<number> {
    return waitFor(`a checkpoint of size ${treeSize}`, async () => {
      const response = await fetch(`${app.baseUrl}/api/v1/witness/checkpoint`);
      const size = response.ok ? newestCheckpointSchema.parse(await response.json()).treeSize : 0;
      return size >= treeSize && size;
    });
  }

  /** Until the newest checkpoint covers every leaf but the checkpoints signed after it. */
  function sealerCaughtUp(): Promise<true> {
    return waitFor('the sealer to catch up', async () => {
      const { treeSize } = await newest();
      const { rows } = await owner.query<{ count: number }>(
        'select count(*)::int as count from merkle_leaves where leaf_index >= $1 and stream_id <> $2',
        [treeSize, CHECKPOINT_STREAM],
      );
      return rows[0].count === 0;
    });
  }

  async function monitorOn(path: string): Promise<{ status: string | null; text: string }> {
    await tab.page.goto(`${app.baseUrl}${path}`);
    const monitor = tab.page.getByTestId('log-monitor');
    await monitor.waitFor(SETTLE);
    return { status: await monitor.getAttribute('data-status'), text: await monitor.innerText() };
  }

  it('remembers the first checkpoint it verified, on the audit page and, once turned on, on the wallet page', async () => {
    const audit = await monitorOn('/audit');
    expect(audit.status).toBe('FIRST_VISIT');
    verified['/audit'] = present(
      /remembers checkpoint tree (\d+)/.exec(audit.text),
      'the tree the audit page remembers',
    )[1];
    await tab.page.goto(`${app.baseUrl}/wallet`);
    await tab.page.getByTestId('wallet-monitor-toggle').check();
    const monitor = tab.page.getByTestId('log-monitor');
    await expect.poll(async () => monitor.getAttribute('data-status'), SETTLE).toBe('FIRST_VISIT');
    verified['/wallet'] = present(
      /remembers checkpoint tree (\d+)/.exec(await monitor.innerText()),
      'the tree the wallet page remembers',
    )[1];
    // The setting is the member's, kept by the browser: the next visit monitors without asking.
    expect((await monitorOn('/wallet')).status).toBe('CONSISTENT');
  });

  it('proves in the browser that the grown log extends what it saw, and shows the witness that cosigned it', async () => {
    const before = (await newest()).treeSize;
    await app.rawStore.append(stream, someEvents(4), { expectedRevision: 'any' });
    await checkpointAtLeast(before + 1);
    const cosigned = await newest();
    const line = signatureLine(cosign(checkpointNoteBody(cosigned), 1n, WITNESS.name, WITNESS.seed)).trim();
    const sent = await fetch(`${app.baseUrl}/api/v1/witness/cosignatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ treeSize: cosigned.treeSize, cosignature: line }),
    });
    expect(sent.status).toBe(200);
    const audit = await monitorOn('/audit');
    expect(audit.status).toBe('CONSISTENT');
    expect(audit.text).toContain('has not been rewritten since');
    verified['/audit'] = present(/tree \d+ → (\d+)/.exec(audit.text), 'the grown tree the audit page verified')[1];
    const witness = tab.page.getByTestId('witness-row');
    await witness.waitFor(SETTLE);
    expect(await witness.innerText()).toContain(`${WITNESS.name} last cosigned tree ${cosigned.treeSize}`);
  });

  it('raises a red alarm naming both checkpoints when the server re-signs a rewritten history', async () => {
    // The sealer signs every 3 events or 300 ms, so it may still owe a checkpoint of the grown log: let it
    // catch up first, or its honest checkpoint could land after the forged one and hide it.
    await sealerCaughtUp();
    // The owner rewrites the stream's first event, its chain, its leaf and the stored nodes…
    await rewriteAndRehash(owner, stream, 0n, (dataText) => dataText.replace('"index":0', '"index":1000'));
    await resealLeaves(owner, stream);
    await owner.query('delete from merkle_nodes');
    await owner.query('select backfill_merkle_nodes()');
    // …and signs the rewritten tree with the server's real key, as a compromised sealer would. The honest
    // checkpoint of this size already holds the derived event id, so the forger picks another.
    const { rows } = await owner.query<{ leaf_hash: Buffer }>(
      'select leaf_hash from merkle_leaves order by leaf_index',
    );
    const forged = signingKeyFromSecret(TEST_ENV.SIGNING_KEY).sign({
      origin: LOG_ORIGIN,
      treeSize: rows.length,
      rootHash: Buffer.from(rootFromLeafHashes(rows.map((row) => new Uint8Array(row.leaf_hash)))).toString('hex'),
    });
    const [last] = await app.store.readStream(CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 });
    await app.store.append(
      CHECKPOINT_STREAM,
      [
        {
          eventId: derivedId(CHECKPOINT_STREAM, LOG_ORIGIN, 'forged', String(forged.treeSize)),
          type: CHECKPOINT_SIGNED,
          data: { ...forged },
          metadata: last.metadata,
        },
      ],
      { expectedRevision: last.revision },
    );
    expect((await newest()).treeSize).toBeGreaterThanOrEqual(forged.treeSize);

    for (const page of ['/audit', '/wallet']) {
      const alarm = await monitorOn(page);
      expect(alarm.status, page).toBe('REWRITTEN');
      expect(alarm.text).toContain(`verified checkpoint tree ${verified[page]} `);
      expect(alarm.text).toMatch(/The server now shows tree \d+/);
      expect(alarm.text).toContain('History has been rewritten');
    }
    expect(await tab.page.getByRole('alert').filter({ hasText: 'History has been rewritten' }).count()).toBe(1);
    await monitorOn('/audit');
    const witness = tab.page.getByTestId('witness-row');
    await witness.waitFor(SETTLE);
    expect(await witness.getAttribute('data-cosigned-latest')).toBe('false');
  });
});
