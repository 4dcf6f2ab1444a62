import { apiDelete, apiGet, apiPost, everyOf, type BodyOf, type ResponseOf } from './contract';
import { CSRF_HEADER, csrfToken } from './csrf';
import { ApiError, toApiError, type RequestOptions } from './http';
import { refreshSession } from './refresh';

export type DocumentSummary = ResponseOf<'/api/v1/documents', 'get'>['documents'][number];
export type DocumentDetail = ResponseOf<'/api/v1/documents/{documentId}', 'get'>;
export type DocumentShare = DocumentDetail['shares'][number];
export type DocumentVersion = DocumentDetail['versions'][number];
export type DocumentHold = DocumentDetail['legalHolds'][number];
export type DocumentView = ResponseOf<'/api/v1/documents/{documentId}/views', 'get'>['views'][number];
export type UploadedVersion = ResponseOf<'/api/v1/documents', 'post'>;
export type DocType = DocumentDetail['docType'];
export type ShareDraft = BodyOf<'/api/v1/documents/{documentId}/share', 'post'>;
export type Shared = ResponseOf<'/api/v1/documents/{documentId}/share', 'post'>;
export type DocumentComment = ResponseOf<'/api/v1/documents/{documentId}/comments', 'get'>['comments'][number];
export type IntegrityAlarm = ResponseOf<'/api/v1/documents/integrity-alarms', 'get'>['alarms'][number];

export const DOC_TYPES = everyOf<DocType>()(['contract', 'invoice', 'policy', 'report', 'identity', 'other']);

export function listDocuments(options?: RequestOptions): Promise<DocumentSummary[]> {
  return apiGet('/api/v1/documents', {}, options).then((answer) => answer.documents);
}

export function getDocument(documentId: string, options?: RequestOptions): Promise<DocumentDetail> {
  return apiGet('/api/v1/documents/{documentId}', { path: { documentId } }, options);
}

/** Owner and auditors only (DOCUMENT_NOT_FOUND for anyone else). */
export function listViews(documentId: string, options?: RequestOptions): Promise<DocumentView[]> {
  return apiGet('/api/v1/documents/{documentId}/views', { path: { documentId } }, options).then(
    (answer) => answer.views,
  );
}

/** The owner and anyone whose active share lets them view it (DOCUMENT_NOT_FOUND for anyone else). */
export function listComments(documentId: string, options?: RequestOptions): Promise<DocumentComment[]> {
  return apiGet('/api/v1/documents/{documentId}/comments', { path: { documentId } }, options).then(
    (answer) => answer.comments,
  );
}

/** The owner, or a member whose share allows commenting. */
export function addComment(
  documentId: string,
  body: string,
): Promise<ResponseOf<'/api/v1/documents/{documentId}/comments', 'post'>> {
  return apiPost('/api/v1/documents/{documentId}/comments', { path: { documentId }, body: { body } });
}

/** Reads refused because the bytes no longer matched their hash: compliance and admins, MFA verified. */
export function listIntegrityAlarms(options?: RequestOptions): Promise<IntegrityAlarm[]> {
  return apiGet('/api/v1/documents/integrity-alarms', {}, options).then((answer) => answer.alarms);
}

export function shareDocument(documentId: string, draft: ShareDraft): Promise<Shared> {
  return apiPost('/api/v1/documents/{documentId}/share', { path: { documentId }, body: draft });
}

export function revokeShare(
  documentId: string,
  shareId: string,
): Promise<ResponseOf<'/api/v1/documents/{documentId}/shares/{shareId}/revoke', 'post'>> {
  return apiPost('/api/v1/documents/{documentId}/shares/{shareId}/revoke', { path: { documentId, shareId }, body: {} });
}

export function archiveDocument(
  documentId: string,
): Promise<ResponseOf<'/api/v1/documents/{documentId}/archive', 'post'>> {
  return apiPost('/api/v1/documents/{documentId}/archive', { path: { documentId }, body: {} });
}

/** No longer served or listed; LEGAL_HOLD while a hold covers the document. */
export function deleteDocument(documentId: string): Promise<ResponseOf<'/api/v1/documents/{documentId}', 'delete'>> {
  return apiDelete('/api/v1/documents/{documentId}', { path: { documentId } });
}

/** The URL the browser downloads a version from (the server re-checks its hash and records the view). */
export function contentUrl(documentId: string, versionNumber: number): string {
  return `/api/v1/documents/${encodeURIComponent(documentId)}/content?version=${versionNumber}`;
}

/** `title`, `docType` and the venture it belongs to (if any) for a new document; none for a new version. */
export type UploadTarget =
  | { kind: 'document'; title: string; docType: DocType; ventureId: string | null }
  | { kind: 'version'; documentId: string };

/**
 * Multipart upload through XMLHttpRequest, the one browser API that reports upload progress.
 * Same rules as every other call (http.ts): the session cookie, the CSRF header, one refresh and
 * retry on a 401, and errors as ApiError; the answer is the route's declared type.
 */
export async function uploadFile(
  target: UploadTarget,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<UploadedVersion> {
  const url =
    target.kind === 'document'
      ? '/api/v1/documents'
      : `/api/v1/documents/${encodeURIComponent(target.documentId)}/versions`;
  const form = () => {
    const body = new FormData();
    if (target.kind === 'document') {
      body.append('title', target.title);
      body.append('docType', target.docType);
      if (target.ventureId) body.append('ventureId', target.ventureId);
    }
    body.append('file', file, file.name);
    return body;
  };
  let answer = await sendForm(url, form(), onProgress);
  if (answer.status === 401 && (await refreshSession()) === 'refreshed')
    answer = await sendForm(url, form(), onProgress);
  if (answer.status < 200 || answer.status >= 300)
    throw toApiError({ status: answer.status, statusText: '' }, answer.body);
  return answer.body as UploadedVersion;
}

function sendForm(
  url: string,
  body: FormData,
  onProgress: (fraction: number) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('accept', 'application/json');
    const token = csrfToken();
    if (token) request.setRequestHeader(CSRF_HEADER, token);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => resolve({ status: request.status, body: parsed(request.responseText) });
    request.onerror = () => reject(new ApiError(0, 'unreachable', 'The upload could not reach the ledger API.'));
    request.send(body);
  });
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
