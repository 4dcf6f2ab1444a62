/**
 * Events of `member-<userId>`: gamification. XP is an integer; reputation is in micro-points,
 * endorsement weights in milli-units (trustWeight × 1000).
 */
export type XpSource = 'task' | 'review' | 'endorsement' | 'badge';

export type MemberEvent =
  | { type: 'XpAwarded'; data: { source: XpSource; ref: string; xp: number; day: string } }
  | { type: 'LevelReached'; data: { level: number; xp: number } }
  /**
   * An endorsement received, with its weight (which counts in reputation in full) and the XP it
   * earned after the daily cap (0 once the day's 20 XP from endorsements are used up).
   */
  | { type: 'EndorsementCredited'; data: { endorsementId: string; day: string; weightMilli: number; xp: number } }
  /**
   * `endorsementsWeightedMilli` and `badges` are absent from settlements written before
   * endorsements and badges counted (they were 0 then).
   */
  | {
      type: 'ReputationSettled';
      data: {
        day: string;
        previousRepMicro: string;
        repMicro: string;
        xpGain: number;
        gainMicro: string;
        endorsementsWeightedMilli?: number;
        badges?: number;
      };
    };

export const memberStream = (userId: string) => `member-${userId}`;
