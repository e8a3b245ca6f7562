import { imageTaskBodySchema } from '@phoenix/core';
import { createTaskApp, type TaskAppDeps } from '../platform/task-app.ts';
import { handleImageTask, type ImageTaskDeps } from './handle-task.ts';
import { shedFinalDelivery } from './shed-task.ts';

export type ImageAppDeps = Omit<TaskAppDeps, 'serviceName' | 'routes'> & { tasks: ImageTaskDeps };

/**
 * The image service's HTTP surface: the platform's task app with one route,
 * `POST /tasks/image`, which Cloud Tasks calls with an OIDC token.
 */
export function createImageApp(deps: ImageAppDeps) {
  const { tasks, ...platform } = deps;
  return createTaskApp({
    ...platform,
    serviceName: 'image',
    routes: {
      '/tasks/image': {
        bodySchema: imageTaskBodySchema,
        maxAttempts: tasks.queueMaxAttempts,
        handle: (body, delivery) => handleImageTask(tasks, { ...delivery, jobId: body.jobId }),
        shedFinal: (body) => shedFinalDelivery(tasks.jobs, body.jobId, Date.now()),
      },
    },
  });
}
