/** Events of `member-<userId>`: gamification. XP is an integer; reputation is in micro-points. */
export type XpSource = 'task' | 'review';

export type MemberEvent =
  | { type: 'XpAwarded'; data: { source: XpSource; ref: string; xp: number; day: string } }
  | { type: 'LevelReached'; data: { level: number; xp: number } }
  | { type: 'ReputationSettled'; data: { day: string; previousRepMicro: string; repMicro: string; xpGain: number; gainMicro: string } };

export const memberStream = (userId: string) => `member-${userId}`;
