import { decideConversion, type VotingBoard } from '../../src/conversion/domain/conversion.decide';
import type { ConversionEvent, Vote } from '../../src/conversion/domain/conversion.events';
import { conversionDecider } from '../../src/conversion/domain/conversion.state';
import { decideWindow, decideWindowIndex } from '../../src/conversion/domain/window.decide';
import type { AllocationRecord, WindowEvent } from '../../src/conversion/domain/window.events';
import { windowDecider, windowIndexDecider } from '../../src/conversion/domain/window.state';
import { deciderSpec } from './decider-spec';

/** Histories and commands for the conversion and window deciders' specs. */
export const conversionSpec = deciderSpec({ ...conversionDecider, decide: decideConversion });
export const windowSpec = deciderSpec({ ...windowDecider, decide: decideWindow });
export const windowIndexSpec = deciderSpec({ ...windowIndexDecider, decide: decideWindowIndex });

export const OPENS_AT = '2026-12-01T00:00:00.000Z';
export const CLOSES_AT = '2026-12-08T00:00:00.000Z';
/** A moment while the window is open. */
export const DURING = new Date('2026-12-02T00:00:00.000Z');

export const scheduled: WindowEvent = {
  type: 'WindowScheduled',
  data: {
    windowId: 'w1',
    ventureId: 'v1',
    opensAt: OPENS_AT,
    closesAt: CLOSES_AT,
    equityRateBps: '100',
    poolCapBps: null,
    scheduledBy: 'b1',
  },
};
export const opened: WindowEvent = { type: 'WindowOpened', data: { at: OPENS_AT } };
export const closed: WindowEvent = { type: 'WindowClosed', data: { at: CLOSES_AT } };
export const filed = (conversionId = 'c1'): WindowEvent => ({ type: 'ConversionFiled', data: { conversionId } });

export const requested: ConversionEvent = {
  type: 'ConversionRequested',
  data: { conversionId: 'c1', windowId: 'w1', ventureId: 'v1', userId: 'requester', amountBuz: '100' },
};
export const voted = (voterId: string, vote: Vote = 'APPROVE'): ConversionEvent => ({
  type: 'ConversionVoteCast',
  data: { voterId, vote, note: 'because' },
});
export const approved: ConversionEvent = {
  type: 'ConversionApproved',
  data: { approvals: 1, quorum: 1, boardSize: 1, rosterRevision: '0' },
};
export const cancelled: ConversionEvent = { type: 'ConversionCancelled', data: { cancelledBy: 'requester' } };

export const board = (members: string[], quorumRule: VotingBoard['quorumRule'] = 'majority'): VotingBoard => ({
  members,
  rosterRevision: 7n,
  quorumRule,
});
export const vote = (voterId: string, onBoard: VotingBoard, choice: Vote = 'APPROVE') =>
  ({ type: 'CastConversionVote', conversionId: 'c1', voterId, vote: choice, note: 'because', board: onBoard }) as const;

export const allocation = (outcome: AllocationRecord['outcome'], conversionId = 'c1'): AllocationRecord =>
  outcome === 'SETTLED'
    ? {
        conversionId,
        userId: 'requester',
        outcome,
        amountBuz: '100',
        grantedBps: '1',
        burnedBuz: '100',
        unlockedBuz: '0',
      }
    : {
        conversionId,
        userId: 'requester',
        outcome,
        amountBuz: '100',
        grantedBps: '0',
        burnedBuz: '0',
        unlockedBuz: '100',
      };
