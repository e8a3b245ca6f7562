/**
 * One accepting instance as a process: runs the real `acceptImageJob` handler
 * (the callable's body) against the stack for each request in
 * `FAULT_ACCEPTS` (JSON), eight at a time, and prints one JSON line per answer.
 * The fault suite SIGKILLs it mid-burst, as a crashed function instance.
 */
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { PhoenixError } from '@phoenix/core';
import { createCloudTasksClient } from '@phoenix/server';
import { answerPrefix, type BurstRequest } from './accept-protocol.ts';
import { acceptImageJob } from '../functions/src/image-jobs/create.ts';
import { createImageTaskEnqueuer, imageTaskTargetFromEnv } from '../functions/src/task-queue.ts';

const requests = JSON.parse(process.env['FAULT_ACCEPTS'] ?? '[]') as BurstRequest[];
const db = getFirestore(initializeApp({ projectId: process.env['GCLOUD_PROJECT'] }));
const queue = createImageTaskEnqueuer({
  target: () => imageTaskTargetFromEnv(process.env),
  client: () => createCloudTasksClient(process.env['CLOUD_TASKS_EMULATOR_HOST']),
});

let next = 0;
async function worker(): Promise<void> {
  while (next < requests.length) {
    const { uid, requestId, request } = requests[next++]!;
    try {
      const { jobId } = await acceptImageJob({ db, queue }, uid, { ...request, requestId });
      process.stdout.write(`${answerPrefix}${JSON.stringify({ requestId, jobId })}\n`);
    } catch (error) {
      const code = error instanceof PhoenixError ? error.code : String(error);
      process.stdout.write(`${answerPrefix}${JSON.stringify({ requestId, error: code })}\n`);
    }
  }
}
await Promise.all(Array.from({ length: 8 }, worker));
process.exit(0);
