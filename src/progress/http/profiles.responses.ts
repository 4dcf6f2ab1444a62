import { z } from 'zod';
import { calendarDay, integerText } from '../../platform/http/response-fields';

/** A member's public profile: progress only, nothing personal. */
export const profileSchema = z.strictObject({
  userId: z.uuid(),
  level: z.number().int().min(1).max(10),
  xp: z.number().int().nonnegative(),
  nextLevelXp: z.number().int().nullable().meta({ description: 'The XP at which the next level starts; null at the top level.' }),
  reputation: z.string().regex(/^-?\d+\.\d{3}$/).meta({ description: 'Points with three decimals, e.g. "75.000".' }),
  reputationMicro: integerText.meta({ description: 'The same in micro-points.' }),
  lastSettledDay: calendarDay.nullable().meta({ description: 'The day of the last daily settlement; null before the first.' }),
});
