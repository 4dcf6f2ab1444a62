/** Events of `window-<windowId>`: a venture's quarterly BUZ → equity conversion window. */
export type WindowStatus = 'SCHEDULED' | 'OPEN' | 'CLOSED' | 'FINALIZED';

export interface AllocationRecord {
  [key: string]: string;
  conversionId: string;
  userId: string;
  outcome: 'SETTLED' | 'EXPIRED';
  amountBuz: string;
  grantedBps: string;
  burnedBuz: string;
  unlockedBuz: string;
}

export type WindowEvent =
  | { type: 'WindowScheduled'; data: { windowId: string; ventureId: string; opensAt: string; closesAt: string; equityRateBps: string; poolCapBps: string | null; scheduledBy: string } }
  | { type: 'WindowOpened'; data: { at: string } }
  | { type: 'WindowClosed'; data: { at: string } }
  | { type: 'WindowFinalized'; data: { finalizedBy: string; allocations: AllocationRecord[]; totalGrantedBps: string; oversubscribed: boolean } };

export const windowStream = (windowId: string) => `window-${windowId}`;
