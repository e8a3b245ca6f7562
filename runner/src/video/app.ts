import { videoTaskBodySchema } from '@phoenix/core';
import { createTaskApp, type TaskAppDeps } from '../platform/task-app.ts';
import { handleVideoTask, type VideoTaskDeps } from './handle-task.ts';

export type VideoAppDeps = Omit<TaskAppDeps, 'serviceName' | 'routes'> & {
  tasks: VideoTaskDeps;
  queueMaxAttempts: number;
};

/**
 * The video worker's HTTP surface: the platform's task app with one route,
 * `POST /tasks/video` (submits, polls and purges), which Cloud Tasks calls
 * with an OIDC token.
 */
export function createVideoApp(deps: VideoAppDeps) {
  const { tasks, queueMaxAttempts, ...platform } = deps;
  return createTaskApp({
    ...platform,
    serviceName: 'video',
    routes: {
      '/tasks/video': {
        bodySchema: videoTaskBodySchema,
        maxAttempts: queueMaxAttempts,
        handle: (body) => handleVideoTask(tasks, body),
      },
    },
  });
}
