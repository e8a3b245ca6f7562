import { afterEach, describe, expect, it, vi } from 'vitest';
import { withoutJsonLogLines } from './quiet-logs.ts';

describe('withoutJsonLogLines', () => {
  const original = { stdout: process.stdout.write, stderr: process.stderr.write };
  afterEach(() => {
    process.stdout.write = original.stdout;
    process.stderr.write = original.stderr;
  });

  it('drops the JSON log lines written during the work and passes the rest', async () => {
    const written: unknown[] = [];
    process.stdout.write = vi.fn((chunk: unknown) => {
      written.push(chunk);
      return true;
    }) as unknown as typeof process.stdout.write;

    const answer = await withoutJsonLogLines(async () => {
      // As the functions logger's console.info reaches it (the test runner intercepts console itself).
      process.stdout.write(`${JSON.stringify({ event: 'job_accepted', acceptMs: 12 })}\n`);
      process.stdout.write('  measured P1\n');
      return 42;
    });
    process.stdout.write('{"after":true}\n');

    expect(answer).toBe(42);
    expect(written).toEqual(['  measured P1\n', '{"after":true}\n']);
  });

  it('hands the JSON lines to the sink when one is given', async () => {
    const passed: unknown[] = [];
    process.stdout.write = vi.fn(
      (chunk: unknown) => passed.push(chunk) > 0,
    ) as unknown as typeof process.stdout.write;
    const sunk: string[] = [];
    await withoutJsonLogLines(
      async () => {
        process.stdout.write('{"event":"job_accepted"}\n');
        process.stdout.write('progress\n');
      },
      { write: (chunk: string) => sunk.push(chunk) },
    );
    expect(sunk).toEqual(['{"event":"job_accepted"}\n']);
    expect(passed).toEqual(['progress\n']);
  });

  it('keeps the warnings logged on stderr off too', async () => {
    const written: unknown[] = [];
    process.stderr.write = vi.fn(
      (chunk: unknown) => written.push(chunk) > 0,
    ) as unknown as typeof process.stderr.write;
    await withoutJsonLogLines(async () => {
      process.stderr.write('{"event":"job_refused","severity":"WARNING"}\n');
      process.stderr.write('a real problem\n');
    });
    expect(written).toEqual(['a real problem\n']);
  });

  it('puts stdout back when the work throws', async () => {
    const before = process.stdout.write;
    await expect(withoutJsonLogLines(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(process.stdout.write).toBe(before);
  });
});
