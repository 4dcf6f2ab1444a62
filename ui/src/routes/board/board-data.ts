import { isApiError } from '$lib/api';
import { listVentures } from '$lib/api/ventures';
import { session } from '$lib/session.svelte';

/** Venture names by id; windows and requests carry only the id. Names are a courtesy, so a failure is an empty map. */
export async function ventureNames(): Promise<Record<string, string>> {
  try {
    return Object.fromEntries((await listVentures()).map((venture) => [venture.ventureId, venture.name]));
  } catch {
    return {};
  }
}

/** The session lost its MFA step-up or the role: re-read it, and the RoleGate takes over. */
export async function recheckAccess(error: unknown): Promise<void> {
  if (isApiError(error, 'MFA_REQUIRED') || isApiError(error, 'FORBIDDEN')) await session.reload();
}

/** Micro-points to points with three decimals, as profiles show them: "75000000" → "75.000". */
export function reputationPoints(reputationMicro: string): string {
  const milli = BigInt(reputationMicro) / 1000n;
  return `${(milli / 1000n).toLocaleString()}.${(milli % 1000n).toString().padStart(3, '0')}`;
}
