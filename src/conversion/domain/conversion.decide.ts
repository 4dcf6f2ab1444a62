import type { KycStatus } from '../../identity/domain/roles.contract';
import { assertNever } from '../../shared-kernel/assert-never';
import { DomainError } from '../../shared-kernel/domain-error';
import type { AllocationRecord } from './window.events';
import { FINAL_STATUSES, type ConversionEvent, type Vote } from './conversion.events';
import { tally, type ConversionState } from './conversion.state';
import { burnFor, previewConversion } from './settlement';
import { isOpenAt } from './window.decide';
import type { WindowState } from './window.state';

export class ConversionNotFoundError extends DomainError {
  constructor(conversionId: string) {
    super('CONVERSION_NOT_FOUND', `No conversion ${conversionId}`, { conversionId });
  }
}

/** What a vote is decided on besides the request: the board as the roster records it, and the quorum rule. */
export interface VotingBoard {
  members: readonly string[];
  rosterRevision: bigint;
  quorumRule: 'majority' | number;
}

/**
 * Commands on `conversion-<conversionId>`. Facts from other streams travel on the command, read
 * from the log by the handler or the process manager: the requester's KYC status, the window
 * (and `now`, since folding has no clock), the board.
 */
export type ConversionCommand =
  | {
      type: 'RequestConversion';
      conversionId: string;
      windowId: string;
      ventureId: string;
      userId: string;
      amountBuz: bigint;
      kycStatus: KycStatus;
      equityRateBps: bigint;
    }
  | {
      type: 'CancelConversion';
      conversionId: string;
      actorId: string;
      window: Pick<WindowState, 'status' | 'closesAt'> | null;
      now: Date;
    }
  | { type: 'CastConversionVote'; conversionId: string; voterId: string; vote: Vote; note: string; board: VotingBoard }
  | { type: 'ApplyAllocation'; allocation: AllocationRecord }
  | { type: 'ExpireLateRequest'; window: Pick<WindowState, 'status' | 'allocations'> };

/** Every rule of a conversion request: whether the command is allowed, and what it records. */
export function decideConversion(command: ConversionCommand, state: ConversionState): ConversionEvent[] {
  switch (command.type) {
    case 'RequestConversion':
      return requestConversion(state, command);
    case 'CancelConversion':
      return cancelConversion(state, command);
    case 'CastConversionVote':
      return castVote(state, command);
    case 'ApplyAllocation':
      return applyAllocation(state, command.allocation);
    case 'ExpireLateRequest':
      return expireLateRequest(state, command.window);
    default:
      return assertNever(command);
  }
}

/**
 * Only a member whose KYC has passed converts, and only an amount that buys at least 1 bp; a
 * request already recorded is not recorded again.
 */
function requestConversion(
  state: ConversionState,
  command: Extract<ConversionCommand, { type: 'RequestConversion' }>,
): ConversionEvent[] {
  const { conversionId, windowId, ventureId, userId, amountBuz, kycStatus } = command;
  if (kycStatus !== 'PASSED')
    throw new DomainError('KYC_REQUIRED', `Converting needs KYC PASSED; yours is ${kycStatus}`);
  if (state.status !== null) return [];
  requireWholeBp(amountBuz, command.equityRateBps);
  return [
    {
      type: 'ConversionRequested',
      data: { conversionId, windowId, ventureId, userId, amountBuz: amountBuz.toString() },
    },
  ];
}

/** The member withdraws a request that is not final yet, while the window is open. */
function cancelConversion(
  state: ConversionState,
  command: Extract<ConversionCommand, { type: 'CancelConversion' }>,
): ConversionEvent[] {
  if (state.status === null) throw new ConversionNotFoundError(command.conversionId);
  if (state.userId !== command.actorId)
    throw new DomainError('NOT_YOUR_CONVERSION', 'Only the member who asked can cancel a conversion');
  if (state.status === 'CANCELLED') return [];
  if (FINAL_STATUSES.includes(state.status))
    throw new DomainError('CONVERSION_FINAL', `The conversion is already ${state.status}`);
  if (!isOpenAt(command.window, command.now))
    throw new DomainError('WINDOW_NOT_OPEN', 'Requests can be cancelled only while the window is open');
  return [{ type: 'ConversionCancelled', data: { cancelledBy: command.actorId } }];
}

/** A majority of the board, or a fixed number of votes. */
export function quorumOf(board: VotingBoard): number {
  return board.quorumRule === 'majority' ? Math.floor(board.members.length / 2) + 1 : board.quorumRule;
}

/**
 * A board member's vote, counted on the board at the time of the vote: only its members vote,
 * only their votes count (a member who left no longer does), and a quorum of approvals
 * approves, a quorum of rejections rejects.
 */
function castVote(
  state: ConversionState,
  input: Extract<ConversionCommand, { type: 'CastConversionVote' }>,
): ConversionEvent[] {
  if (state.status === null) throw new ConversionNotFoundError(input.conversionId);
  if (state.userId === input.voterId)
    throw new DomainError('OWN_CONVERSION_VOTE', 'Nobody votes on their own conversion request');
  const { board } = input;
  if (!board.members.includes(input.voterId))
    throw new DomainError('NOT_ON_BOARD', 'Only members of the board vote, and the board roster does not list you', {
      voterId: input.voterId,
    });
  if (state.status !== 'REQUESTED')
    throw new DomainError('CONVERSION_NOT_PENDING', `Voting is closed: the conversion is ${state.status}`);
  if (Object.hasOwn(state.votes, input.voterId))
    throw new DomainError('ALREADY_VOTED', 'You have already voted on this conversion');
  const events: ConversionEvent[] = [
    { type: 'ConversionVoteCast', data: { voterId: input.voterId, vote: input.vote, note: input.note } },
  ];
  const { approvals, rejections } = tally({ ...state.votes, [input.voterId]: input.vote }, board.members);
  const quorum = quorumOf(board);
  const counted = { quorum, boardSize: board.members.length, rosterRevision: board.rosterRevision.toString() };
  if (approvals >= quorum) events.push({ type: 'ConversionApproved', data: { approvals, ...counted } });
  else if (rejections >= quorum) events.push({ type: 'ConversionRejected', data: { rejections, ...counted } });
  return events;
}

/** Carries the window's finalization to this conversion (once). */
function applyAllocation(state: ConversionState, allocation: AllocationRecord): ConversionEvent[] {
  if (state.status === null || FINAL_STATUSES.includes(state.status)) return [];
  if (allocation.outcome === 'EXPIRED')
    return [{ type: 'ConversionExpired', data: { reason: 'no quorum before the window was finalized' } }];
  const { grantedBps, burnedBuz, unlockedBuz } = allocation;
  return [
    {
      type: 'ConversionSettled',
      data: {
        windowId: state.windowId as string,
        ventureId: state.ventureId as string,
        userId: state.userId as string,
        grantedBps,
        burnedBuz,
        unlockedBuz,
      },
    },
  ];
}

/**
 * A request that arrived after its window was finalized never gets a vote: it expires. One the
 * finalization counted gets its allocation instead, and one whose window is not finalized waits.
 */
function expireLateRequest(
  state: ConversionState,
  window: Pick<WindowState, 'status' | 'allocations'>,
): ConversionEvent[] {
  if (
    window.status !== 'FINALIZED' ||
    window.allocations.some((allocation) => allocation.conversionId === state.conversionId)
  )
    return [];
  if (state.status === null || FINAL_STATUSES.includes(state.status)) return [];
  return [{ type: 'ConversionExpired', data: { reason: 'the window was finalized before this request was counted' } }];
}

/** The fewest BUZ that buy 1 bp at `equityRateBps` (bp per 10,000 BUZ). */
export function minimumConversionBuz(equityRateBps: bigint): bigint {
  return burnFor(1n, equityRateBps);
}

function requireWholeBp(amountBuz: bigint, equityRateBps: bigint): void {
  const minimumBuz = minimumConversionBuz(equityRateBps);
  if (amountBuz < minimumBuz) {
    throw new DomainError(
      'CONVERSION_BELOW_MINIMUM',
      `${amountBuz} BUZ buys 0 bp at this window's rate: the minimum is ${minimumBuz} BUZ`,
      {
        minimumBuz: minimumBuz.toString(),
        requestedBuz: amountBuz.toString(),
      },
    );
  }
}

/** What the member's preview is decided on: the amount typed, what the wallet can spend, the window's rate. */
export interface ConversionPreviewFacts {
  amountBuz: bigint;
  availableBuz: bigint;
  equityRateBps: bigint;
}

/**
 * The preview refuses what a request would be refused for, in the same words: more BUZ than are
 * available, or an amount that buys 0 bp. Otherwise: the bp it buys, and what burns and unlocks.
 */
export function decideConversionPreview({ amountBuz, availableBuz, equityRateBps }: ConversionPreviewFacts) {
  if (amountBuz > availableBuz) {
    throw new DomainError('INSUFFICIENT_BUZ', `Only ${availableBuz} BUZ are available to convert`, {
      availableBuz: availableBuz.toString(),
      requestedBuz: amountBuz.toString(),
    });
  }
  requireWholeBp(amountBuz, equityRateBps);
  return { ...previewConversion(amountBuz, equityRateBps), minimumBuz: minimumConversionBuz(equityRateBps) };
}
