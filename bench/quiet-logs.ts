/**
 * Runs `work` with the structured log lines that handlers running in this
 * process print (one JSON object per line, as Cloud Logging reads them) kept
 * off stdout, where they would bury the bench's tables: they go to `sink`
 * (the bench's log file), or nowhere. Other output passes.
 */
export async function withoutJsonLogLines<T>(
  work: () => Promise<T>,
  sink?: { write(chunk: string): unknown },
): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    if (typeof chunk === 'string' && chunk.startsWith('{"')) {
      sink?.write(chunk);
      return true;
    }
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
}
