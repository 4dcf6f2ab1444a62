import { getJson, type RequestOptions } from './http';

/** A member's public profile: progress only, nothing personal. */
export interface Profile {
  userId: string;
  /** 1–10. */
  level: number;
  xp: number;
  /** The XP at which the next level starts; null at the top level. */
  nextLevelXp: number | null;
  /** Points with three decimals, e.g. "75.000". */
  reputation: string;
  /** The same in micro-points, an integer string. */
  reputationMicro: string;
  /** YYYY-MM-DD of the last daily settlement; null before the first. */
  lastSettledDay: string | null;
}

export function getProfile(userId: string, options?: RequestOptions): Promise<Profile> {
  return getJson(`/api/v1/profiles/${encodeURIComponent(userId)}`, options);
}
