import {
  type ServerUnaryCall,
  type UntypedServiceImplementation,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import type { Logger } from '../../../runner/src/platform/log.ts';
import { msToSecondsAndNanos } from '../cloud-tasks/proto-time.ts';
import { RpcError } from '../cloud-tasks/rpc-error.ts';
import type { OperationRecord, RunAdminStore, ServiceRecord, UpdateRequest } from './service-store.ts';

const serviceTypeUrl = 'type.googleapis.com/google.cloud.run.v2.Service';

export interface RunAdminServiceDependencies {
  store: RunAdminStore;
  logger: Logger;
  encodeService: (service: object) => Buffer;
  /** Counts every call by method, so tests can assert what a caller did. */
  onCall?: (method: string) => void;
}

/**
 * google.cloud.run.v2.Services (GetService, UpdateService) and
 * google.longrunning.Operations (GetOperation). Every other method answers
 * UNIMPLEMENTED, which @grpc/grpc-js does for methods left out.
 */
export function runAdminServices(deps: RunAdminServiceDependencies): {
  services: UntypedServiceImplementation;
  operations: UntypedServiceImplementation;
} {
  const { store, logger: log } = deps;
  const operationMessage = (operation: OperationRecord, done: boolean) => {
    const service = { typeUrl: serviceTypeUrl, value: deps.encodeService(serviceMessage(operation.service)) };
    // The real service carries the Service as metadata while it works, and as the response when done.
    return done
      ? { name: operation.name, metadata: service, done: true, response: service }
      : { name: operation.name, metadata: service, done: false };
  };

  return {
    services: {
      GetService: unary<{ name?: string }>(deps, 'GetService', (request) =>
        serviceMessage(store.getService(request.name)),
      ),
      UpdateService: unary<UpdateRequest>(deps, 'UpdateService', (request) => {
        const operation = store.updateService(request);
        const { name, scaling, generation } = operation.service;
        log({
          severity: 'INFO',
          message: `service ${name} ${request.validateOnly ? 'validated' : 'updated'}: max instances ${scaling.maxInstanceCount}, min ${scaling.minInstanceCount}`,
          service: name,
          generation,
          scaling,
          operation: operation.name,
        });
        return operationMessage(operation, operation.pollsUntilDone === 0);
      }),
    },
    operations: {
      GetOperation: unary<{ name?: string }>(deps, 'GetOperation', (request) => {
        const { operation, done } = store.pollOperation(request.name);
        return operationMessage(operation, done);
      }),
    },
  };
}

/** The google.cloud.run.v2.Service a real deployment of this service would show. */
export function serviceMessage(record: ServiceRecord): object {
  const revision = `${record.name}/revisions/${record.service}-00001-${record.uid.slice(0, 3)}`;
  const uri = `https://${record.service}-${record.project}.${record.location}.run.app`;
  const updateTime = msToSecondsAndNanos(record.updateTimeMs);
  return {
    name: record.name,
    uid: record.uid,
    generation: record.generation,
    createTime: msToSecondsAndNanos(record.createTimeMs),
    updateTime,
    launchStage: 'GA',
    ingress: 'INGRESS_TRAFFIC_ALL',
    template: {},
    traffic: [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100 }],
    scaling: record.scaling,
    observedGeneration: record.generation,
    terminalCondition: { type: 'Ready', state: 'CONDITION_SUCCEEDED', lastTransitionTime: updateTime },
    latestReadyRevision: revision,
    latestCreatedRevision: revision,
    uri,
    urls: [uri],
    reconciling: false,
    etag: record.etag,
  };
}

function unary<Request>(
  deps: RunAdminServiceDependencies,
  method: string,
  handle: (request: Request) => unknown,
) {
  return (call: ServerUnaryCall<Request, unknown>, callback: sendUnaryData<unknown>): void => {
    deps.onCall?.(method);
    try {
      callback(null, handle(call.request));
    } catch (error) {
      if (error instanceof RpcError) {
        deps.logger({ severity: 'NOTICE', message: `${method} refused: ${error.message}`, code: error.code });
        callback({ code: error.code, details: error.message });
        return;
      }
      deps.logger({
        severity: 'ERROR',
        message: `${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      });
      callback({ code: status.INTERNAL, details: `${method} failed inside the fake: ${String(error)}` });
    }
  };
}
