import { apiGet, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

/** XP and reputation (micro-points, as a string) after each of the member's progress events, oldest first. */
export type ProgressPoint = ResponseOf<'/api/v1/progress/me/history', 'get'>['points'][number];

export async function getProgressHistory(options?: RequestOptions): Promise<ProgressPoint[]> {
  return (await apiGet('/api/v1/progress/me/history', {}, options)).points;
}
