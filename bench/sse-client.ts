import { request as httpRequest, type ClientRequest } from 'node:http';
import { sseBlockSplitter } from '../src/live/sse-blocks';

/** One idle portal tab's stream, as the bench sees it: every notice, timed on arrival. */
export interface BenchStream {
  /** Resolves when the server says `ready`. */
  readonly ready: Promise<void>;
  /** Called with each notice's ids and the arrival time (performance.now()). */
  onNotice: (topic: string, ids: string[], atMs: number) => void;
  close(): void;
}

/**
 * GET /api/v1/live as EventSource sends it, reading events off the socket. Only what the bench
 * needs: named events and their data; ids, comments and retries are skipped.
 */
export function openBenchStream(baseUrl: string, headers: Record<string, string>): BenchStream {
  let markReady: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (fail = reject)));
  const stream: BenchStream = { ready, onNotice: () => undefined, close: () => outgoing.destroy() };
  const outgoing: ClientRequest = httpRequest(
    new URL('/api/v1/live', baseUrl),
    { headers: { accept: 'text/event-stream', ...headers } },
    (response) => {
      if (response.statusCode !== 200) return fail(new Error(`the stream answered ${response.statusCode}`));
      response.setEncoding('utf8');
      response.on(
        'data',
        sseBlockSplitter((block) => {
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event === 'ready') markReady();
          else if (event === 'notice' && data) {
            const notice = JSON.parse(data) as { topic: string; ids: string[] };
            stream.onNotice(notice.topic, notice.ids, performance.now());
          }
        }),
      );
    },
  );
  outgoing.on('error', (error) => fail(error));
  outgoing.end();
  return stream;
}
