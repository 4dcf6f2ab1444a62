import { getMyWallet, type WalletEntry } from '$lib/api/wallet';
import { entryLook } from './ledger-labels';

/** The server's largest page: the export reads the whole ledger in as few requests as it can. */
const EXPORT_PAGE_SIZE = 200;

const COLUMNS = [
  'revision',
  'occurredAt',
  'type',
  'amountBuz',
  'balanceAfterBuz',
  'requestedBuz',
  'taskId',
  'taskTitle',
  'conversionId',
  'day',
  'reason',
  'detail',
  'tier',
  'quality',
  'reviewerCred',
  'hash',
  'prevHash',
] as const;

/**
 * A spreadsheet must not run a title or a detail as a formula (CSV injection): text that starts
 * like one gets a leading apostrophe. Numbers are written as they are.
 */
function cell(value: string | number | null, text: boolean): string {
  if (value === null) return '';
  let written = String(value);
  if (text && /^[=+\-@\t\r]/.test(written)) written = `'${written}`;
  return /[",\r\n]/.test(written) ? `"${written.replace(/"/g, '""')}"` : written;
}

/** The signed amount as the ledger shows it: burns negative, withheld awards empty. */
function signedAmount(entry: WalletEntry): string {
  if (entry.amountBuz === null) return '';
  return entryLook(entry.type).sign === 'loss' ? `-${entry.amountBuz}` : entry.amountBuz;
}

/** Oldest first, one row per entry, RFC 4180 (CRLF line ends). */
export function walletCsv(entries: readonly WalletEntry[]): string {
  const rows = [...entries]
    .sort((a, b) => a.revision - b.revision)
    .map((entry) =>
      [
        cell(entry.revision, false),
        cell(entry.occurredAt, false),
        cell(entry.type, false),
        cell(signedAmount(entry), false),
        cell(entry.balanceAfterBuz, false),
        cell(entry.requestedBuz, false),
        cell(entry.taskId, true),
        cell(entry.taskTitle, true),
        cell(entry.conversionId, false),
        cell(entry.day, false),
        cell(entry.reason, true),
        cell(entry.detail, true),
        cell(entry.award?.tier ?? null, false),
        cell(entry.award?.quality ?? null, false),
        cell(entry.award?.reviewerCred ?? null, false),
        cell(entry.hash, false),
        cell(entry.prevHash, false),
      ].join(','),
    );
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** Every entry of the wallet, page by page through the typed API. */
export async function readWholeLedger(): Promise<WalletEntry[]> {
  const entries: WalletEntry[] = [];
  let cursor: number | undefined;
  do {
    const page = await getMyWallet({ limit: EXPORT_PAGE_SIZE, cursor });
    entries.push(...page.ledger);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return entries;
}

/** Saves `wallet-<day>.csv` through a temporary link: no new tab, nothing left in the page. */
export function saveCsv(csv: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}
