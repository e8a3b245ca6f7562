import { operations } from './mix.ts';
import {
  errorMark,
  growth,
  latencyMark,
  metricLabels,
  metrics,
  type OperationReport,
  type RateReport,
} from './report.ts';

/** Aligned columns: text left, figures right; a rule under the header. A column with nothing in it is left out. */
export function table(allHeader: string[], allRows: string[][]): string {
  const kept = allHeader
    .map((_, column) => column)
    .filter((column) => allHeader[column] || allRows.some((cells) => cells[column]));
  const header = kept.map((column) => allHeader[column]!);
  const rows = allRows.map((cells) => kept.map((column) => cells[column] ?? ''));
  const numeric = (cell: string) => /^[-\d.—]/.test(cell);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => cells[column]?.length ?? 0)),
  );
  const line = (cells: string[], isHeader: boolean) =>
    cells
      .map((cell, column) =>
        column > 0 && !isHeader && numeric(cell)
          ? cell.padStart(widths[column] ?? 0)
          : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    line(header, true),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...rows.map((cells) => line(cells, false)),
  ].join('\n');
}

/** A latency for people: ms below 1 s, seconds from there. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${ms.toFixed(ms < 100 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatRate(report: RateReport): string {
  const latencyRows = metrics.map((metric) => {
    const { summary } = report.metrics[metric];
    return [
      metricLabels[metric],
      String(summary.count),
      formatMs(summary.p50),
      formatMs(summary.p95),
      formatMs(summary.p99),
      formatMs(summary.max),
      latencyMark(metric, summary),
    ];
  });
  const operationRows: [string, OperationReport][] = [
    ...operations.map((operation): [string, OperationReport] => [operation, report.operations[operation]]),
    ['all', report.total],
  ];
  const errorRows = operationRows.map(([name, operation]) => [
    name,
    String(operation.attempts),
    String(operation.errors),
    `${(operation.errorRate * 100).toFixed(1)}%`,
    Object.entries(operation.codes)
      .sort((a, b) => b[1] - a[1])
      .map(([code, count]) => `${code} ${count}`)
      .join(', ') || 'none',
    errorMark(operation),
  ]);
  const skipped = Object.entries(report.skipped).map(([reason, count]) => `${reason} ${count}`);
  return [
    `rate ${report.rate}/s for ${report.durationSeconds} s: ${report.issued} of ${report.scheduled} arrivals ` +
      `issued, achieved ${report.achievedRate.toFixed(2)}/s` +
      (skipped.length > 0 ? ` (not issued: ${skipped.join(', ')})` : '') +
      `; arrivals left late by p99 ${formatMs(report.lateness.p99)}, max ${formatMs(report.lateness.max)}`,
    '',
    table(['latency', 'count', 'p50', 'p95', 'p99', 'max', ''], latencyRows),
    '',
    table(['operation', 'attempts', 'errors', 'rate', 'by code', ''], errorRows),
  ].join('\n');
}

/** How p50 and p95 grow with the rate, each beside its ratio to the lowest rate's. */
export function formatGrowth(reports: readonly RateReport[]): string {
  const rows = growth(reports);
  if (rows.length === 0) return '';
  const rates = rows[0]!.byRate.map(({ rate }) => `at ${rate}/s`);
  return table(
    ['latency', ...rates],
    rows.map((row) => [
      `${metricLabels[row.metric]} ${row.quantile}`,
      ...row.byRate.map(({ ms, ratio }, index) =>
        index === 0 || ratio === null ? formatMs(ms) : `${formatMs(ms)} (${ratio.toFixed(2)}×)`,
      ),
    ]),
  );
}
