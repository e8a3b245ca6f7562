import { invalidArgument } from './rpc-error.ts';

/**
 * Resource names of the v2 API:
 * `projects/{project}/locations/{location}/queues/{queue}/tasks/{task}`.
 * Project and location are accepted as given (there is no project registry
 * here); queue and task ids follow the documented alphabets and lengths.
 */
const projectPattern = /^[A-Za-z0-9][A-Za-z0-9.:_-]*$/;
const locationPattern = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const queueIdPattern = /^[A-Za-z0-9-]{1,100}$/;
const taskIdPattern = /^[A-Za-z0-9_-]{1,500}$/;

export interface LocationName {
  project: string;
  location: string;
  /** `projects/{project}/locations/{location}` */
  name: string;
}

export interface QueueName extends LocationName {
  queueId: string;
  queueName: string;
}

export interface TaskName extends QueueName {
  taskId: string;
  taskName: string;
}

export function parseLocationName(value: string | undefined): LocationName {
  const parts = (value ?? '').split('/');
  const [projects, project, locations, location] = parts;
  if (
    parts.length !== 4 ||
    projects !== 'projects' ||
    locations !== 'locations' ||
    !projectPattern.test(project ?? '') ||
    !locationPattern.test(location ?? '')
  ) {
    throw invalidArgument(
      `Invalid resource field value in the request: parent must be "projects/<PROJECT_ID>/locations/<LOCATION_ID>", got "${value ?? ''}".`,
    );
  }
  return { project: project!, location: location!, name: `projects/${project}/locations/${location}` };
}

export function parseQueueName(value: string | undefined): QueueName {
  const parts = (value ?? '').split('/');
  const malformed = invalidArgument(
    `Queue name must be formatted: "projects/<PROJECT_ID>/locations/<LOCATION_ID>/queues/<QUEUE_ID>" (QUEUE_ID: letters, digits or hyphens, at most 100), got "${value ?? ''}".`,
  );
  if (parts.length !== 6 || parts[4] !== 'queues' || !queueIdPattern.test(parts[5] ?? '')) throw malformed;
  let location: LocationName;
  try {
    location = parseLocationName(parts.slice(0, 4).join('/'));
  } catch {
    throw malformed;
  }
  return { ...location, queueId: parts[5]!, queueName: `${location.name}/queues/${parts[5]}` };
}

export function parseTaskName(value: string | undefined): TaskName {
  const parts = (value ?? '').split('/');
  const malformed = invalidArgument(
    `Task name must be formatted: "projects/<PROJECT_ID>/locations/<LOCATION_ID>/queues/<QUEUE_ID>/tasks/<TASK_ID>", got "${value ?? ''}".`,
  );
  if (parts.length !== 8 || parts[6] !== 'tasks') throw malformed;
  let queue: QueueName;
  try {
    queue = parseQueueName(parts.slice(0, 6).join('/'));
  } catch {
    throw malformed;
  }
  const taskId = parts[7]!;
  if (!taskIdPattern.test(taskId)) {
    throw invalidArgument(
      `Task ID "${taskId}" may contain only letters ([A-Za-z]), digits ([0-9]), hyphens (-) or underscores (_), and must be 1 to 500 characters long.`,
    );
  }
  return { ...queue, taskId, taskName: `${queue.queueName}/tasks/${taskId}` };
}
