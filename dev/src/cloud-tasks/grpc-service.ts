import {
  type ServerUnaryCall,
  type UntypedServiceImplementation,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import type { Dispatcher } from './dispatcher.ts';
import type { Logger } from '../../../runner/src/platform/log.ts';
import type { FieldMaskMessage, QueueMessage, TaskMessage, TaskView } from './messages.ts';
import { parseQueueName } from './names.ts';
import type { QueueStore } from './queue-store.ts';
import { RpcError } from './rpc-error.ts';
import { type TaskLimits, parseNewTask } from './task-input.ts';
import { queueToMessage, taskToMessage } from './to-messages.ts';

export interface CloudTasksServiceDependencies {
  store: QueueStore;
  dispatcher: Dispatcher;
  logger: Logger;
  now: () => number;
  taskLimits: TaskLimits;
}

interface NameRequest {
  name?: string;
  responseView?: TaskView;
}

type Handler<Request> = (request: Request) => unknown;

/** google.cloud.tasks.v2.CloudTasks over the in-memory store. IAM methods stay UNIMPLEMENTED. */
export function cloudTasksService(deps: CloudTasksServiceDependencies): UntypedServiceImplementation {
  const { store, dispatcher, logger: log } = deps;

  return {
    CreateQueue: unary<{ parent?: string; queue?: QueueMessage }>(log, 'CreateQueue', (request) => {
      const queue = store.createQueue(request.parent, request.queue);
      log({
        severity: 'INFO',
        message: `queue ${queue.name} created`,
        queue: queue.name,
        settings: queue.settings,
      });
      return queueToMessage(queue);
    }),

    GetQueue: unary<NameRequest>(log, 'GetQueue', (request) => queueToMessage(store.getQueue(request.name))),

    ListQueues: unary<{ parent?: string; filter?: string; pageSize?: number; pageToken?: string }>(
      log,
      'ListQueues',
      (request) => {
        const page = store.listQueues(request.parent, request);
        return { queues: page.items.map(queueToMessage), nextPageToken: page.nextPageToken };
      },
    ),

    UpdateQueue: unary<{ queue?: QueueMessage; updateMask?: FieldMaskMessage }>(
      log,
      'UpdateQueue',
      (request) => {
        const { queue, created } = store.updateQueue(request.queue, request.updateMask?.paths);
        log({
          severity: 'INFO',
          message: `queue ${queue.name} ${created ? 'created' : 'updated'}`,
          queue: queue.name,
          settings: queue.settings,
        });
        dispatcher.wake();
        return queueToMessage(queue);
      },
    ),

    DeleteQueue: unary<NameRequest>(log, 'DeleteQueue', (request) => {
      const queue = store.deleteQueue(request.name);
      log({ severity: 'INFO', message: `queue ${queue.name} deleted`, queue: queue.name });
      return {};
    }),

    PauseQueue: unary<NameRequest>(log, 'PauseQueue', (request) => {
      const queue = store.setQueueState(request.name, 'PAUSED');
      log({ severity: 'INFO', message: `queue ${queue.name} paused`, queue: queue.name });
      return queueToMessage(queue);
    }),

    ResumeQueue: unary<NameRequest>(log, 'ResumeQueue', (request) => {
      const queue = store.setQueueState(request.name, 'RUNNING');
      log({ severity: 'INFO', message: `queue ${queue.name} resumed`, queue: queue.name });
      dispatcher.wake();
      return queueToMessage(queue);
    }),

    PurgeQueue: unary<NameRequest>(log, 'PurgeQueue', (request) => {
      const { queue, purged } = store.purgeQueue(request.name);
      log({
        severity: 'INFO',
        message: `queue ${queue.name} purged (${purged} tasks)`,
        queue: queue.name,
        purged,
      });
      return queueToMessage(queue);
    }),

    CreateTask: unary<{ parent?: string; task?: TaskMessage; responseView?: TaskView }>(
      log,
      'CreateTask',
      (request) => {
        const queueName = parseQueueName(request.parent).queueName;
        // The queue must exist before the task is even looked at, as with the service.
        store.getQueue(queueName);
        const newTask = parseNewTask(queueName, request.task, deps.now(), deps.taskLimits);
        const { task } = store.createTask(queueName, newTask);
        log({
          severity: 'INFO',
          message: `task ${task.id} created in ${queueName}`,
          queue: queueName,
          task: task.name,
          url: task.target.url,
          scheduleTime: new Date(task.scheduleTimeMs).toISOString(),
        });
        dispatcher.wake();
        return taskToMessage(task, request.responseView);
      },
    ),

    GetTask: unary<NameRequest>(log, 'GetTask', (request) =>
      taskToMessage(store.getTask(request.name).task, request.responseView),
    ),

    ListTasks: unary<{ parent?: string; responseView?: TaskView; pageSize?: number; pageToken?: string }>(
      log,
      'ListTasks',
      (request) => {
        const page = store.listTasks(request.parent, request);
        return {
          tasks: page.items.map((task) => taskToMessage(task, request.responseView)),
          nextPageToken: page.nextPageToken,
        };
      },
    ),

    DeleteTask: unary<NameRequest>(log, 'DeleteTask', (request) => {
      const { queue, task } = store.deleteTask(request.name);
      log({ severity: 'INFO', message: `task ${task.id} deleted`, queue: queue.name, task: task.name });
      return {};
    }),

    RunTask: unary<NameRequest>(log, 'RunTask', (request) => {
      const { queue, task } = store.getTask(request.name);
      dispatcher.runNow(queue, task);
      log({ severity: 'INFO', message: `task ${task.id} forced to run`, queue: queue.name, task: task.name });
      return taskToMessage(task, request.responseView);
    }),
  };
}

function unary<Request>(log: Logger, method: string, handle: Handler<Request>) {
  return (call: ServerUnaryCall<Request, unknown>, callback: sendUnaryData<unknown>): void => {
    try {
      callback(null, handle(call.request));
    } catch (error) {
      if (error instanceof RpcError) {
        callback({ code: error.code, details: error.message });
        return;
      }
      log({
        severity: 'ERROR',
        message: `${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      });
      callback({ code: status.INTERNAL, details: `${method} failed inside the emulator: ${String(error)}` });
    }
  };
}
