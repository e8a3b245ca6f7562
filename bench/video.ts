import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { launchStack } from '../dev/src/stack/launch.ts';
import { formatTable, summarize } from './stats.ts';
import { runVideoDesign, videoLoad, type DesignFigures } from './video-designs.ts';
import { measureQueuePositionCost, waitingRoom, type QueueCostFigures } from './video-queue-position.ts';
import { countReads } from './video-reads.ts';

/**
 * Video: the two wait designs of the video worker (poll-task, held-slot)
 * under the same burst, and what showing queue positions costs in
 * Firestore reads and writes. Figures, not pass/fail.
 */
const out = (line = '') => process.stdout.write(`${line}\n`);
/** `BENCH_VIDEO=queue` measures only the queue position's cost (V2), a minute per layout. */
const onlyQueueCost = process.env['BENCH_VIDEO'] === 'queue';

out('starting the Firestore emulator (bench ports)…');
const stack = await launchStack({ profile: 'bench', only: ['firestore'], onLine: () => {} });
process.env.FIRESTORE_EMULATOR_HOST = stack.env.FIRESTORE_EMULATOR_HOST;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stack.stop().then(() => process.exit(130)));
}

const adminApp = initializeApp({ projectId: stack.projectId }, 'bench-video');
try {
  const db = getFirestore(adminApp);
  out(
    `\nV1 video designs: ${videoLoad.jobs} jobs (${videoLoad.request.durationSeconds} s, no audio, ` +
      `${videoLoad.request.model}) accepted at once from ${videoLoad.users} users; Veo takes ` +
      `${videoLoad.veoDurationMs / 1000} s; ${videoLoad.instances} instances × concurrency ${videoLoad.concurrency} ` +
      `behind one router; core's poll delays, model latency history warm`,
  );
  const designs: DesignFigures[] = [];
  for (const design of onlyQueueCost ? [] : (['poll-task', 'held-slot'] as const)) {
    out(`  running ${design}…`);
    const startedMs = performance.now();
    designs.push(await runVideoDesign(db, stack.projectId, design));
    out(`  ${design} done in ${((performance.now() - startedMs) / 1000).toFixed(0)} s`);
  }
  if (designs.length > 0) printDesigns(designs);

  out(
    `\nV2 queue position cost: ${waitingRoom.users} queued video jobs, one waiting user each (a board ` +
      `listener, an ask every ${waitingRoom.askEveryMs / 1000} s), one job starts every ` +
      `${waitingRoom.moveEveryMs / 1000} s, for ${waitingRoom.windowMs / 1000} s`,
  );
  const costs: QueueCostFigures[] = [];
  for (const [label, offset] of [
    ['asks at once', () => 0],
    ['asks spread', (user: number) => (user * waitingRoom.askEveryMs) / waitingRoom.users],
  ] as const) {
    out(`  measuring ${label}…`);
    costs.push(await measureQueuePositionCost(db, label, offset));
  }
  printQueueCosts(costs);
} finally {
  await deleteApp(adminApp);
  await stack.stop();
}

function printDesigns(designs: DesignFigures[]): void {
  const latencies = designs.map((run) => ({
    ...summarize(`${run.design} accept → succeeded`, run.endToEndMs),
    note: 'accept returned until a listener saw succeeded',
  }));
  out(`\n${formatTable(latencies)}`);
  const figures: [string, (run: DesignFigures) => number, number][] = [
    ['throughput (videos/min)', (run) => videoLoad.jobs / (run.spanMs / 60_000), 2],
    ['worker time per video (s)', (run) => run.workerMs / videoLoad.jobs / 1000, 1],
    ['requests served', (run) => run.requests, 0],
    ['requests refused (429)', (run) => run.refused, 0],
    ['Veo predictLongRunning', (run) => run.submits, 0],
    ['Veo fetchPredictOperation', (run) => run.polls, 0],
  ];
  const [pollTask, heldSlot] = designs;
  if (!pollTask || !heldSlot) return;
  const rows = [
    ['', pollTask.design, heldSlot.design, 'poll-task / held-slot'],
    ...figures.map(([name, value, digits]) => [
      name,
      value(pollTask).toFixed(digits),
      value(heldSlot).toFixed(digits),
      value(heldSlot) ? `${(value(pollTask) / value(heldSlot)).toFixed(2)}×` : '–',
    ]),
  ];
  out();
  out(columns(rows));
  for (const run of designs) {
    const endings = Object.entries(run.endings).map(([status, count]) => `${status} ${count}`);
    const outcomes = Object.entries(run.outcomes).map(([message, count]) => `${message} ×${count}`);
    out(`  ${run.design}: jobs ended ${endings.join(', ')}; worker lines: ${outcomes.join(', ')}`);
    if ((run.endings.succeeded ?? 0) !== videoLoad.jobs) {
      out(
        `\n!!! ${run.design}: NOT EVERY JOB SUCCEEDED (${endings.join(', ')}); the worker's warnings and errors:`,
      );
      for (const entry of run.troubles) out(`!!!   ${JSON.stringify(entry)}`);
    }
  }
}

function printQueueCosts(costs: QueueCostFigures[]): void {
  const minutes = waitingRoom.windowMs / 60_000;
  const perUserMinute = (reads: number) => (reads / waitingRoom.users / minutes).toFixed(1);
  const rows = [
    ['', ...costs.map((cost) => cost.label)],
    ['board listener deliveries (reads)', ...costs.map((cost) => String(cost.listenerDeliveries))],
    ['asks', ...costs.map((cost) => String(cost.asks))],
    ['reads by the asks (job, board, refreshes)', ...costs.map((cost) => String(cost.asked.reads))],
    [
      '  of which refresh page queries / counts',
      ...costs.map((cost) => `${cost.asked.queries} / ${cost.asked.counts}`),
    ],
    ['reads by the refreshes after claims', ...costs.map((cost) => String(cost.claimed.reads))],
    [
      'board writes by asks + claims (seen by a listener)',
      ...costs.map((cost) => `${cost.asked.writes} + ${cost.claimed.writes} (${cost.boardRewritesSeen})`),
    ],
    [
      'board writes per second',
      ...costs.map((cost) =>
        ((cost.asked.writes + cost.claimed.writes) / (waitingRoom.windowMs / 1000)).toFixed(3),
      ),
    ],
    [
      'reads per waiting user per minute (listener + asks)',
      ...costs.map((cost) => perUserMinute(cost.listenerDeliveries + cost.asked.reads)),
    ],
    [
      'reads per job start (the refresh after its claim)',
      ...costs.map((cost) => (cost.claimed.reads / cost.jobsStarted).toFixed(1)),
    ],
  ];
  out();
  out(columns(rows));
  // The old design: each waiting browser ran a count() of the queue every 3 s.
  const oldCountsPerMinute = 60_000 / 3_000;
  const queued = costs[0]?.queuedAtStart ?? waitingRoom.users;
  out(
    `  floor, the old design: a count() every 3 s per waiting user = ${oldCountsPerMinute} counts/min × ` +
      `⌈${queued}/1000⌉ = ${oldCountsPerMinute * countReads(queued)} reads per waiting user per minute ` +
      `(${oldCountsPerMinute * countReads(10_000)} with 10 000 queued), no writes`,
  );
}

/** Left-aligned first column, right-aligned figures, two spaces apart. */
function columns(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!)))
        .join('  '),
    )
    .join('\n');
}
