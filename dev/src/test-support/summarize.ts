import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Adds up the JSON reports of every test step (vitest and Playwright) into one
 * closing line, so a reader sees the whole suite's count at the end.
 */
interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export function countsOf(report: Record<string, unknown>): Counts {
  if (typeof report.numTotalTests === 'number') {
    return {
      passed: Number(report.numPassedTests ?? 0),
      failed: Number(report.numFailedTests ?? 0),
      skipped: Number(report.numPendingTests ?? 0) + Number(report.numTodoTests ?? 0),
    };
  }
  const stats = (report.stats ?? {}) as Record<string, number>;
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: stats.unexpected ?? 0,
    skipped: stats.skipped ?? 0,
  };
}

if (import.meta.main) {
  const folder = process.argv[2] ?? '.phoenix/test-results';
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const counts = countsOf(JSON.parse(readFileSync(join(folder, file), 'utf8')));
    console.log(
      `  ${file.replace(/\.json$/, '').padEnd(12)} ${counts.passed} passed, ${counts.failed} failed`,
    );
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  console.log(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  if (total.failed > 0 || total.passed === 0) process.exitCode = 1;
}
