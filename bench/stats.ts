/** Latency summary of one measured operation, in milliseconds. */
export interface Summary {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  mean: number;
}

export function summarize(name: string, samplesMs: number[]): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { name, runs: sorted.length, p50: at(0.5), p95: at(0.95), mean };
}

/** Runs `operation` `runs` times one after another (after `warmup` unmeasured runs). */
export async function measure(
  name: string,
  runs: number,
  operation: (index: number) => Promise<unknown>,
  warmup = 3,
): Promise<Summary> {
  for (let index = 0; index < warmup; index++) await operation(-1 - index);
  const samples: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await operation(index);
    samples.push(performance.now() - started);
  }
  return summarize(name, samples);
}

export function formatTable(rows: (Summary & { note: string })[]): string {
  const header = ['operation', 'runs', 'p50 ms', 'p95 ms', 'mean ms', 'what it is'];
  const body = rows.map((row) => [
    row.name,
    String(row.runs),
    row.p50.toFixed(1),
    row.p95.toFixed(1),
    row.mean.toFixed(1),
    row.note,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column >= 1 && column <= 4 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ');
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}
