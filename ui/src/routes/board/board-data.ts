import { listVentures } from '$lib/api/ventures';

export { recheckAccess } from '$lib/guards';

/** Venture names by id; windows and requests carry only the id. Names are a courtesy, so a failure is an empty map. */
export async function ventureNames(): Promise<Record<string, string>> {
  try {
    return Object.fromEntries((await listVentures()).map((venture) => [venture.ventureId, venture.name]));
  } catch {
    return {};
  }
}

/** Micro-points to points with three decimals, as profiles show them: "75000000" → "75.000". */
export function reputationPoints(reputationMicro: string): string {
  const milli = BigInt(reputationMicro) / 1000n;
  return `${(milli / 1000n).toLocaleString()}.${(milli % 1000n).toString().padStart(3, '0')}`;
}
