import type { WalletEntry, WalletEntryType, WithholdReason } from '$lib/api/wallet';
import { WITHHOLD_REASONS } from '$lib/api/wallet';

export interface EntryLook {
  label: string;
  tone: 'ok' | 'warn' | 'bad' | 'neutral' | 'accent';
  /**
   * How the amount reads: a gain (+), a loss (-), a figure that does not move the balance
   * (a lock moves BUZ into pending), or an adjustment that carries its own sign.
   */
  sign: 'gain' | 'loss' | 'neutral' | 'signed';
}

export function entryLook(type: WalletEntryType): EntryLook {
  switch (type) {
    case 'BuzIssued':
      return { label: 'Issued', tone: 'ok', sign: 'gain' };
    case 'BuzIssuanceWithheld':
      return { label: 'Withheld', tone: 'warn', sign: 'neutral' };
    case 'BuzLocked':
      return { label: 'Locked', tone: 'accent', sign: 'neutral' };
    case 'BuzUnlocked':
      return { label: 'Unlocked', tone: 'neutral', sign: 'neutral' };
    case 'BuzBurned':
      return { label: 'Burned', tone: 'neutral', sign: 'loss' };
    case 'BuzAdjusted':
      return { label: 'Adjusted', tone: 'neutral', sign: 'signed' };
    default:
      return assertNever(type);
  }
}

export interface ReasonLook {
  label: string;
  /** What the member can do about it; `href` is where they do it. */
  advice: string;
  href: string | null;
  linkText: string | null;
}

export function reasonLook(reason: WithholdReason, dailyCapBuz: string): ReasonLook {
  switch (reason) {
    case 'KYC':
      return {
        label: 'Identity check (KYC)',
        advice: 'Tasks pay BUZ once your identity check has passed.',
        href: '/account',
        linkText: 'Send your details on My account',
      };
    case 'REPUTATION':
      return {
        label: 'Reputation',
        advice:
          'Tasks pay BUZ from a reputation of 60. Reputation grows with the XP you earn and is settled daily at 02:00 UTC.',
        href: null,
        linkText: null,
      };
    case 'DEVICE':
      return {
        label: 'Device security',
        advice:
          'Tasks pay BUZ while every device you reported is compliant: encrypted disk, up-to-date OS, screen lock.',
        href: '/account',
        linkText: 'Report your device on My account',
      };
    case 'CAP':
      return {
        label: 'Daily cap',
        advice: `At most ${BigInt(dailyCapBuz).toLocaleString()} BUZ are issued per member per day. The cap starts again at midnight UTC.`,
        href: null,
        linkText: null,
      };
    default:
      return assertNever(reason);
  }
}

export function isWithholdReason(reason: string | null): reason is WithholdReason {
  return (WITHHOLD_REASONS as readonly (string | null)[]).includes(reason);
}

/**
 * The gates that stopped the latest awards: withholdings newer than the last BUZ issued, and for
 * the cap only today's. Older ones were overcome and would only alarm.
 */
export function currentWithholdings(entries: WalletEntry[], today: string): WalletEntry[] {
  const lastIssued = entries.find((entry) => entry.type === 'BuzIssued')?.revision ?? -1;
  const byReason = new Map<WithholdReason, WalletEntry>();
  for (const entry of entries) {
    if (entry.type !== 'BuzIssuanceWithheld' || entry.revision < lastIssued || !isWithholdReason(entry.reason))
      continue;
    if (entry.reason === 'CAP' && entry.day !== today) continue;
    if (!byReason.has(entry.reason)) byReason.set(entry.reason, entry);
  }
  return [...byReason.values()];
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
