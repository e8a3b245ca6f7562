/**
 * Runs `work` with the structured log lines that handlers running in this
 * process print (one JSON object per line, as Cloud Logging reads them;
 * warnings and errors on stderr) kept off the terminal, where they would
 * bury the bench's tables: they go to `sink` (the bench's log file), or
 * nowhere. Other output passes.
 */
export async function withoutJsonLogLines<T>(
  work: () => Promise<T>,
  sink?: { write(chunk: string): unknown },
): Promise<T> {
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  streams.forEach((stream, index) => {
    const write = writes[index] as (...args: unknown[]) => boolean;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      if (typeof chunk === 'string' && chunk.startsWith('{"')) {
        sink?.write(chunk);
        return true;
      }
      return write.call(this, chunk, ...rest);
    } as typeof stream.write;
  });
  try {
    return await work();
  } finally {
    streams.forEach((stream, index) => (stream.write = writes[index]!));
  }
}
