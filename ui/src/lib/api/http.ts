/** The body every API error carries. */
export interface ApiErrorBody {
  error: string;
  message: string;
  details: Record<string, unknown>;
}

/** A failed API call. `status` is 0 when the server could not be reached at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface RequestOptions {
  /** SvelteKit's `fetch` inside `load`, the global one elsewhere. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export async function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const fetchFn = options.fetch ?? fetch;
  let response: Response;
  try {
    // Auth is a same-origin cookie; tokens never go into localStorage.
    response = await fetchFn(path, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'unreachable', 'The ledger API is unreachable. Check that the server is running.');
  }
  const body = await readJson(response);
  if (!response.ok) throw toApiError(response, body);
  if (body === undefined) {
    // Usually the SPA fallback answering a path the API does not know.
    throw new ApiError(response.status, 'not_json', `Expected JSON from ${path} but got something else.`);
  }
  return body as T;
}

async function readJson(response: Response): Promise<unknown> {
  if (!response.headers.get('content-type')?.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function toApiError(response: Response, body: unknown): ApiError {
  if (isApiErrorBody(body)) {
    return new ApiError(response.status, body.error, body.message, body.details ?? {});
  }
  // Proxies and gateways answer with HTML or nothing; the status line is all we have.
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  return new ApiError(response.status, 'http_error', `The server answered HTTP ${response.status}${statusText}.`);
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  return (
    typeof body === 'object' && body !== null && typeof (body as ApiErrorBody).message === 'string'
  );
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
