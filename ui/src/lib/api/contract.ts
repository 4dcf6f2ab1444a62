/**
 * Typed calls on the generated contract (./generated/openapi.ts, made from the server's OpenAPI
 * document by `npm run api:generate`). The path, its parameters, the body and the answer are all
 * the server's own types, so a change on either side that the other does not follow fails the
 * type check. Requests go through http.ts, which handles CSRF, the session refresh and errors.
 */
import type { paths } from './generated/openapi';
import { deleteJson, getJson, sendJson, type RequestOptions, type SendOptions } from './http';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The paths that have an operation for `method`. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: object } ? P : never;
}[keyof paths];

type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<Content> = Content extends { content: { 'application/json': infer Body } } ? Body : never;
type SuccessStatus = 200 | 201 | 202;

/** What the route answers on success: its JSON body, or nothing for a 204. */
export type ResponseOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer Responses }
    ? 204 extends keyof Responses
      ? // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- the return type of a call whose 204 has no body: callers ignore it, as they would a void function's
        void
      : JsonOf<Responses[Extract<keyof Responses, SuccessStatus>]>
    : never;

/** The JSON body the route takes. */
export type BodyOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: infer Body } ? JsonOf<NonNullable<Body>> : never;

type PathParams<Op> = Op extends { parameters: { path: infer Params } } ? Params : never;
type QueryParams<Op> = Op extends { parameters: { query?: infer Params } } ? NonNullable<Params> : never;

/** Path parameters where the path has them, the query where it takes one, the body where it reads one (required when the server requires it). */
export type InputOf<P extends keyof paths, M extends Method, Op = Operation<P, M>> = ([PathParams<Op>] extends [never]
  ? { path?: never }
  : { path: PathParams<Op> }) &
  ([QueryParams<Op>] extends [never] ? { query?: never } : { query?: QueryParams<Op> }) &
  (Op extends { requestBody: object }
    ? { body: BodyOf<P, M> }
    : [BodyOf<P, M>] extends [never]
      ? { body?: never }
      : { body?: BodyOf<P, M> });

type Input = { path?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown };

/** `/api/v1/tasks/{taskId}` with its parameters encoded, and the query without the empty values. */
function urlOf(template: string, { path = {}, query = {} }: Input): string {
  const url = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(path[name])));
  const entries = Object.entries(query).filter(([, value]) => value !== undefined && value !== null && value !== '');
  const search = new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString();
  return search ? `${url}?${search}` : url;
}

export function apiGet<P extends PathsWith<'get'>>(
  path: P,
  input: InputOf<P, 'get'>,
  options?: RequestOptions,
): Promise<ResponseOf<P, 'get'>> {
  return getJson(urlOf(path, input as Input), options);
}

/** apiPost, apiPatch and apiPut: the same call with the body the path's operation takes. */
function apiSend<M extends 'post' | 'patch' | 'put'>(method: M) {
  return <P extends PathsWith<M>>(
    path: P,
    input: InputOf<P, M>,
    options?: Omit<SendOptions, 'body'>,
  ): Promise<ResponseOf<P, M>> =>
    sendJson(method.toUpperCase() as Uppercase<M>, urlOf(path, input as Input), (input as Input).body ?? {}, options);
}

export const apiPost = apiSend('post');
export const apiPatch = apiSend('patch');
export const apiPut = apiSend('put');

export function apiDelete<P extends PathsWith<'delete'>>(
  path: P,
  input: InputOf<P, 'delete'>,
  options?: RequestOptions,
): Promise<ResponseOf<P, 'delete'>> {
  return deleteJson(urlOf(path, input as Input), options);
}

/**
 * A runtime list of every member of a generated union, for pickers and filters: the compiler
 * refuses the list when the server adds a member it lacks, or when it names one the server dropped.
 */
export const everyOf =
  <Member extends string>() =>
  <const List extends readonly Member[]>(
    list: List &
      ([Exclude<Member, List[number]>] extends [never] ? unknown : { missing: Exclude<Member, List[number]> }),
  ): List =>
    list;
