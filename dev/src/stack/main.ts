import { styleText } from 'node:util';
import { seedDemo, demoPassword } from '../seed/demo.ts';
import { endpointsFromEnv } from '../seed/phoenix-client.ts';
import { type Stack, launchStack } from './launch.ts';

/**
 * `npm start`: the whole local stack on 127.0.0.1, each service's log lines
 * prefixed with its name, and a table of URLs once every part is healthy.
 * Ctrl-C or SIGTERM stops every child process group. Then it seeds demo users
 * and posts through the real pipeline (`--no-seed` skips that). A stateless
 * part that dies is restarted; an emulator that dies stops everything, and
 * the command exits 1 naming it.
 */
const seed = !process.argv.includes('--no-seed');
const colours = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red', 'gray'] as const;
const colourOf = new Map<string, (typeof colours)[number]>();
const width = 'functions-build'.length;

function printLine(service: string, line: string): void {
  if (!colourOf.has(service)) colourOf.set(service, colours[colourOf.size % colours.length] ?? 'gray');
  const prefix = styleText(colourOf.get(service) ?? 'gray', `${service.padEnd(width)} │`);
  process.stdout.write(`${prefix} ${line}\n`);
}

const startedAt = performance.now();
let stack: Stack | undefined;
let stopping = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping the Phoenix stack…\n');
  await stack?.stop();
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

try {
  stack = await launchStack({
    profile: 'start',
    onLine: printLine,
    onHealthy: (service, elapsedMs) =>
      printLine(service, styleText('green', `✓ healthy after ${(elapsedMs / 1000).toFixed(1)} s`)),
  });
} catch (error) {
  process.stderr.write(`\n${styleText('red', 'Phoenix could not start:')} ${(error as Error).message}\n`);
  process.exit(1);
}

// A part that died for good has already stopped the rest; say which, and fail.
void stack.failed.then((failure) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(
    `\n${styleText('red', `Phoenix stopped: ${failure.service} died.`)} ${failure.message}\n` +
      'Every other part was stopped. Look at its last log lines above, then run npm start again.\n',
  );
  process.exit(1);
});

let seeded = '';
if (seed) {
  const seedStart = performance.now();
  printLine(
    'seed',
    'creating demo users, images and a video through callable → task → image service and video worker…',
  );
  try {
    const summary = await seedDemo(endpointsFromEnv(stack.env));
    const took = ((performance.now() - seedStart) / 1000).toFixed(1);
    printLine(
      'seed',
      styleText('green', `✓ ${summary.posts} posts from ${summary.users.length} users in ${took} s`),
    );
    if (summary.failed > 0)
      printLine(
        'seed',
        styleText('yellow', `${summary.failed} demo jobs failed; see the image and video logs`),
      );
    seeded = `Demo users (password ${styleText('bold', demoPassword)}): ${summary.users.join(', ')}`;
  } catch (error) {
    printLine('seed', styleText('red', `seeding failed: ${(error as Error).message}`));
  }
}

const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
const rows = stack.endpoints.map(
  ({ service, description, url }) =>
    `  ${service.padEnd(width)}  ${url}\n  ${''.padEnd(width)}  ${styleText('gray', description)}`,
);
process.stdout.write(
  [
    '',
    styleText('bold', `Phoenix local stack is up in ${seconds} s (project ${stack.projectId}):`),
    ...rows,
    '',
    styleText('bold', 'To point a service or script at this stack:'),
    ...Object.entries(stack.env).map(([name, value]) => `  export ${name}=${value}`),
    '',
    ...(seeded ? [seeded] : []),
    `Open ${styleText('bold', `http://127.0.0.1:${stack.ports.web}`)} — Ctrl-C stops everything.`,
    '',
  ].join('\n'),
);
