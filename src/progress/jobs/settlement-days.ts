import type { MemberState } from '../domain/member.state';

const DAY_MS = 86_400_000;
/** A member who was away longer than this is caught up over several runs. */
const MAX_DAYS_PER_RUN = 400;

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function previousUtcDay(date: Date): string {
  return utcDay(new Date(date.getTime() - DAY_MS));
}

/**
 * Why `day` cannot be settled at `now`, or null when it can. Only days that have ended settle:
 * settling today or a later day would mark it settled while it still earns XP, and every day
 * up to it would then be skipped by the daily job.
 */
export function unfinishedDayProblem(day: string, now: Date): string | null {
  const today = utcDay(now);
  if (day < today) return null;
  return `${day} has not ended yet (today is ${today}, UTC): settle ${previousUtcDay(now)} or an earlier day`;
}

/**
 * The days still to settle, oldest first, up to `through`: every day after the last settled
 * one (decay applies on quiet days too), or from the first day with XP for a new member.
 */
export function daysToSettle(state: MemberState, through: string): string[] {
  const firstXpDay = Object.keys(state.unsettledByDay).sort().at(0);
  const start = state.lastSettledDay ? nextDay(state.lastSettledDay) : firstXpDay;
  const days: string[] = [];
  for (let day = start; day !== undefined && day <= through && days.length < MAX_DAYS_PER_RUN; day = nextDay(day))
    days.push(day);
  return days;
}

function nextDay(day: string): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));
}
