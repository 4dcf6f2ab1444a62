import { toApiError } from './http';
import { refreshSession } from './refresh';

export interface Downloaded {
  blob: Blob;
  fileName: string;
}

/** Bytes received so far, and the whole length when the server sent one. */
export type DownloadProgress = (receivedBytes: number, totalBytes: number | null) => void;

/**
 * A file from the API read chunk by chunk, so the page can show its progress (fetch has no
 * progress event; the body's stream does). Like every API call: the session cookie, one refresh
 * and retry when the access token has run out, and an ApiError for a refusal.
 */
export async function downloadWithProgress(
  path: string,
  onProgress: DownloadProgress,
  signal?: AbortSignal,
): Promise<Downloaded> {
  const get = () => fetch(path, { credentials: 'same-origin', signal });
  let response = await get();
  if (response.status === 401 && (await refreshSession()) === 'refreshed') response = await get();
  if (!response.ok || !response.body) {
    const body: unknown = await response.json().catch(() => undefined);
    throw toApiError(response, body);
  }
  const length = Number(response.headers.get('content-length'));
  const totalBytes = Number.isSafeInteger(length) && length > 0 ? length : null;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let receivedBytes = 0;
  onProgress(0, totalBytes);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    receivedBytes += value.length;
    onProgress(receivedBytes, totalBytes);
  }
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  return { blob: new Blob(chunks, { type }), fileName: fileNameOf(response) ?? 'download' };
}

function fileNameOf(response: Response): string | null {
  return /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? null;
}

/** Hands a downloaded file to the browser's own download, as a link to it would. */
export function saveFile({ blob, fileName }: Downloaded): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The click has started the download, which holds its own reference to the blob.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
