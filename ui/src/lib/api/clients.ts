import { apiDelete, apiGet, apiPatch, apiPost, type BodyOf, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

export type Client = ResponseOf<'/api/v1/clients', 'get'>['clients'][number];
export type ClientDraft = BodyOf<'/api/v1/clients', 'post'>;
export type ClientChange = BodyOf<'/api/v1/clients/{clientId}', 'patch'>;

export function listClients(options?: RequestOptions): Promise<Client[]> {
  return apiGet('/api/v1/clients', {}, options).then((answer) => answer.clients);
}

export function addClient(draft: ClientDraft): Promise<ResponseOf<'/api/v1/clients', 'post'>> {
  return apiPost('/api/v1/clients', { body: draft });
}

export function updateClient(
  clientId: string,
  change: ClientChange,
): Promise<ResponseOf<'/api/v1/clients/{clientId}', 'patch'>> {
  return apiPatch('/api/v1/clients/{clientId}', { path: { clientId }, body: change });
}

/** DELETE archives: the client stays listed, marked archived (LEGAL_HOLD when a hold covers it). */
export function archiveClient(clientId: string): Promise<ResponseOf<'/api/v1/clients/{clientId}', 'delete'>> {
  return apiDelete('/api/v1/clients/{clientId}', { path: { clientId } });
}

/**
 * Blanks the client's name, email, phone, organization and tags for good; the log keeps only
 * that the client existed and was erased. LEGAL_HOLD (naming the hold) while a hold covers them.
 */
export function eraseClient(clientId: string): Promise<ResponseOf<'/api/v1/clients/{clientId}/erase', 'post'>> {
  return apiPost('/api/v1/clients/{clientId}/erase', { path: { clientId }, body: {} });
}
