import { errorMessage } from '$lib/api';
import { listClients, type Client } from '$lib/api/clients';
import { requireSignedIn } from '$lib/guards';
import type { PageLoad } from './$types';

export type ClientsReading = { ok: true; clients: Client[] } | { ok: false; message: string };

export const load: PageLoad = async ({ parent, url, fetch }) => {
  await requireSignedIn(parent, url);
  const initial: ClientsReading = await listClients({ fetch }).then(
    (clients) => ({ ok: true, clients }) as const,
    (error) => ({ ok: false, message: errorMessage(error) }) as const,
  );
  return { initial };
};
