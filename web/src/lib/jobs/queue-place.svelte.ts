/**
 * A job's place in line, for a list item: followed live while the job is
 * queued, null before the server has said and once it has left the queue.
 * Image jobs and video drafts alike.
 */
import type { JobKind, JobStatus } from '@phoenix/core';
import { followQueuePosition } from '../firebase/jobs.ts';
import type { QueuePlaceView } from './job-presentation.ts';

/**
 * Call while a component sets up: the listener lives while the job is queued
 * and the component is on screen. `job` is read reactively.
 */
export function queuePlace(
  kind: JobKind,
  job: () => { id: string; status: JobStatus; createdAtMs: number },
): { readonly current: QueuePlaceView | null } {
  let place = $state<QueuePlaceView | null>(null);
  // Primitives, so a fresh snapshot of the same queued job does not restart the asking.
  const queuedJobId = $derived(job().status === 'queued' ? job().id : null);
  const queuedSince = $derived(job().createdAtMs);
  $effect(() => {
    if (queuedJobId === null) return;
    return followQueuePosition(
      { id: queuedJobId, kind, createdAtMs: queuedSince },
      (value) => (place = value),
    );
  });
  return {
    get current() {
      return queuedJobId === null ? null : place;
    },
  };
}
