/**
 * Splits a Server-Sent Events stream, fed as text chunks, into its event blocks (the text
 * between blank lines). The server only writes the stream; this reads it the way EventSource
 * does for the benchmark's simulated tabs and the tests, so both parse it one way.
 */
export function sseBlockSplitter(onBlock: (block: string) => void): (chunk: string) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk;
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      onBlock(block);
    }
  };
}
