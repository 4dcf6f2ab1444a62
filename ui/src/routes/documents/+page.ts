import { errorMessage } from '$lib/api';
import { listDocuments, type DocumentSummary } from '$lib/api/documents';
import { requireSignedIn } from '$lib/guards';
import type { PageLoad } from './$types';

export type DocumentsReading = { ok: true; documents: DocumentSummary[] } | { ok: false; message: string };

// A failed read is returned, not thrown, so the page still offers the upload.
export const load: PageLoad = async ({ parent, url, fetch }) => {
  await requireSignedIn(parent, url);
  const initial: DocumentsReading = await listDocuments({ fetch }).then(
    (documents) => ({ ok: true, documents }) as const,
    (error) => ({ ok: false, message: errorMessage(error) }) as const,
  );
  return { initial };
};
