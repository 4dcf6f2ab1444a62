/** Events of `window-<windowId>`: a venture's quarterly BUZ → equity conversion window. */
export const WINDOW_STATUSES = ['SCHEDULED', 'OPEN', 'CLOSED', 'FINALIZED'] as const;
export type WindowStatus = (typeof WINDOW_STATUSES)[number];

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
  | {
      type: 'WindowScheduled';
      data: {
        windowId: string;
        ventureId: string;
        opensAt: string;
        closesAt: string;
        equityRateBps: string;
        poolCapBps: string | null;
        scheduledBy: string;
      };
    }
  | { type: 'WindowOpened'; data: { at: string } }
  | { type: 'ConversionFiled'; data: { conversionId: string } }
  | { type: 'WindowClosed'; data: { at: string } }
  | {
      type: 'WindowFinalized';
      data: { finalizedBy: string; allocations: AllocationRecord[]; totalGrantedBps: string; oversubscribed: boolean };
    };

export const windowStream = (windowId: string) => `window-${windowId}`;

/** Events of `index-windows`: every window ever scheduled, so the job that opens and closes them finds them in the log. */
export type WindowIndexEvent = { type: 'WindowListed'; data: { windowId: string } };

export const WINDOW_INDEX_STREAM = 'index-windows';
