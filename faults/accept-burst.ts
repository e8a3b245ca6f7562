import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { imageRequestDefaults } from '@phoenix/core';
import { repoRoot } from '../dev/src/stack/launch.ts';
import { endpointsFromEnv, PhoenixClient } from '../dev/src/seed/phoenix-client.ts';
import { answerPrefix, type BurstRequest } from './accept-protocol.ts';

type Answer = { requestId: string; jobId?: string; error?: string };

/**
 * A burst of accepts through an instance that is SIGKILLed once a few have
 * answered; the callers then retry every request, with its request id, on a
 * new instance. Each request must end as exactly one job, charged once.
 */
export async function runAcceptBurstWithKill(env: Record<string, string>) {
  const endpoints = endpointsFromEnv(env);
  const uids: string[] = [];
  const clients = Array.from({ length: 4 }, (_, index) =>
    PhoenixClient.connect(endpoints, `burst-${index}-${randomUUID().slice(0, 6)}`),
  );
  try {
    for (const client of clients) {
      const user = await client.signIn(
        `burst-${randomUUID().slice(0, 8)}@faults.example.com`,
        'faults-password',
      );
      await client.ensureAccount();
      uids.push(user.uid);
    }
  } finally {
    await Promise.allSettled(clients.map((client) => client.close()));
  }
  const requests: BurstRequest[] = uids.flatMap((uid) =>
    Array.from({ length: 4 }, (_, index) => ({
      uid,
      requestId: randomUUID(),
      request: {
        ...imageRequestDefaults,
        prompt: `burst: paper boats #${index}`,
        count: 1,
        enhancePrompt: false,
      },
    })),
  );
  const first = await runInstance(env, requests, 4);
  const second = await runInstance(env, requests, Infinity);
  const checks: string[] = [];
  const jobOf = new Map(second.map((answer) => [answer.requestId, answer.jobId]));
  for (const answer of second) {
    if (!answer.jobId) checks.push(`${answer.requestId}: the retry was refused (${answer.error})`);
  }
  for (const answer of first) {
    if (answer.jobId && jobOf.get(answer.requestId) !== answer.jobId) {
      checks.push(
        `${answer.requestId}: the retry made job ${jobOf.get(answer.requestId)}, not ${answer.jobId}`,
      );
    }
  }
  const jobIds = [...new Set(second.flatMap((answer) => (answer.jobId ? [answer.jobId] : [])))];
  if (jobIds.length !== requests.length)
    checks.push(`${requests.length} requests made ${jobIds.length} jobs`);
  return { uids, jobIds, checks, faults: first.length < requests.length ? 1 : 0 };
}

/** Runs one instance; SIGKILLs it once `killAfter` requests have answered. */
function runInstance(
  env: Record<string, string>,
  requests: BurstRequest[],
  killAfter: number,
): Promise<Answer[]> {
  const child = spawn(process.execPath, ['faults/accept-instance.ts'], {
    cwd: repoRoot,
    env: { ...process.env, ...env, FAULT_ACCEPTS: JSON.stringify(requests) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const answers: Answer[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith(answerPrefix)) return;
    answers.push(JSON.parse(line.slice(answerPrefix.length)) as Answer);
    if (answers.length >= killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.once('exit', () => resolve(answers)));
}
