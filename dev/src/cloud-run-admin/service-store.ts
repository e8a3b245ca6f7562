import { createHash, randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { RpcError, invalidArgument, notFound, unimplemented } from '../cloud-tasks/rpc-error.ts';
import { type ServiceName, parseServiceName } from './names.ts';
import { type Scaling, type ScalingPatch, applyScalingMask } from './update-mask.ts';

/** A service the fake knows from the start. */
export interface ServiceSeed {
  /** `projects/{p}/locations/{r}/services/{s}` */
  name: string;
  scaling: { maxInstanceCount: number; minInstanceCount?: number };
}

export interface ServiceRecord extends ServiceName {
  uid: string;
  /** Bumped by every applied update. */
  generation: number;
  createTimeMs: number;
  updateTimeMs: number;
  scaling: Scaling;
  etag: string;
}

export interface OperationRecord {
  /** `projects/{p}/locations/{r}/operations/{uuid}` */
  name: string;
  /** The service as the update left it (or would, for validate_only). */
  service: ServiceRecord;
  /** GetOperation calls left until one answers done; 0: done already. */
  pollsUntilDone: number;
}

export interface UpdateRequest {
  service?: { name?: string; scaling?: ScalingPatch | null; etag?: string } | null;
  updateMask?: { paths?: string[] | null } | null;
  validateOnly?: boolean;
  allowMissing?: boolean;
}

/** How the next updates fail, to test callers' retries. */
export interface UpdateFault {
  /** How many UpdateService calls in a row fail. */
  count: number;
  /**
   * The gRPC status they fail with. The service answers HTTP 409 (googleapis/google-cloud-python#14259),
   * which is ALREADY_EXISTS or ABORTED over gRPC. @default status.ALREADY_EXISTS
   */
  code?: status;
}

export interface RunAdminStoreOptions {
  now: () => number;
  seeds: readonly ServiceSeed[];
  /**
   * Which GetOperation call after an update first answers done: 1 is the
   * first poll; 0 makes UpdateService answer done already.
   */
  pollsUntilDone: number;
}

// Enough for any test run; older operations are forgotten first, like expired ones.
const operationsKept = 1000;

/** The services and long-running operations of the fake, in memory. */
export class RunAdminStore {
  private readonly services = new Map<string, ServiceRecord>();
  private readonly operations = new Map<string, OperationRecord>();
  /** The gRPC codes the next updates fail with, first one first. */
  private readonly faults: status[] = [];

  private readonly options: RunAdminStoreOptions;

  constructor(options: RunAdminStoreOptions) {
    this.options = options;
    for (const seed of options.seeds) this.seed(seed);
  }

  /** Adds (or replaces) a service. */
  seed(seed: ServiceSeed): ServiceRecord {
    const parsed = parseServiceName(seed.name, 'seed name');
    const at = this.options.now();
    const scaling = applyScalingMask({ minInstanceCount: 0, maxInstanceCount: 0 }, seed.scaling, ['scaling']);
    const record: ServiceRecord = {
      ...parsed,
      uid: randomUUID(),
      generation: 1,
      createTimeMs: at,
      updateTimeMs: at,
      scaling,
      etag: '',
    };
    record.etag = etagOf(record);
    this.services.set(record.name, record);
    return record;
  }

  /** @throws RpcError NOT_FOUND or INVALID_ARGUMENT */
  getService(name: string | undefined): ServiceRecord {
    const parsed = parseServiceName(name);
    const record = this.services.get(parsed.name);
    if (!record) throw notFound(`Service ${parsed.name} was not found`);
    return record;
  }

  /** Makes the next `fault.count` updates fail; adds to faults already queued. */
  failNextUpdates(fault: UpdateFault): void {
    if (!Number.isInteger(fault.count) || fault.count < 0)
      throw new RangeError(`fault count must be a whole number ≥ 0, got ${fault.count}`);
    for (let i = 0; i < fault.count; i += 1) this.faults.push(fault.code ?? status.ALREADY_EXISTS);
  }

  /** Applies a masked update and records its long-running operation. */
  updateService(request: UpdateRequest): OperationRecord {
    const name = parseServiceName(request.service?.name, 'service.name');
    const current = this.services.get(name.name);
    if (!current) {
      if (request.allowMissing)
        throw unimplemented(
          'allow_missing (creating a service) is not supported by the Cloud Run Admin fake',
        );
      throw notFound(`Service ${name.name} was not found`);
    }
    const scaling = applyScalingMask(current.scaling, request.service?.scaling, request.updateMask?.paths);
    const etag = request.service?.etag;
    if (etag && etag !== current.etag) {
      throw new RpcError(status.ABORTED, `etag "${etag}" does not match the current one of ${name.name}`);
    }
    const fault = this.faults.shift();
    if (fault !== undefined) {
      const revision = `${name.service}-${String(current.generation + 1).padStart(5, '0')}-${current.uid.slice(0, 3)}`;
      throw new RpcError(fault, `Revision named '${revision}' with different configuration already exists.`);
    }
    const updated: ServiceRecord = {
      ...current,
      scaling,
      generation: current.generation + 1,
      updateTimeMs: Math.max(this.options.now(), current.updateTimeMs + 1),
    };
    updated.etag = etagOf(updated);
    if (!request.validateOnly) this.services.set(updated.name, updated);
    return this.track({
      name: `projects/${name.project}/locations/${name.location}/operations/${randomUUID()}`,
      service: request.validateOnly ? current : updated,
      pollsUntilDone: this.options.pollsUntilDone,
    });
  }

  /** The operation as it stands now; each call counts as one poll. */
  pollOperation(name: string | undefined): { operation: OperationRecord; done: boolean } {
    if (!name) throw invalidArgument('name is required');
    const operation = this.operations.get(name);
    if (!operation) throw notFound(`Operation ${name} was not found`);
    operation.pollsUntilDone = Math.max(0, operation.pollsUntilDone - 1);
    return { operation, done: operation.pollsUntilDone === 0 };
  }

  private track(operation: OperationRecord): OperationRecord {
    this.operations.set(operation.name, operation);
    if (this.operations.size > operationsKept) {
      const oldest = this.operations.keys().next().value;
      if (oldest !== undefined) this.operations.delete(oldest);
    }
    return operation;
  }
}

/** Changes whenever anything a caller could see changes, as an etag must. */
function etagOf(record: ServiceRecord): string {
  const digest = createHash('sha256')
    .update(
      `${record.uid}/${record.generation}/${record.scaling.minInstanceCount}/${record.scaling.maxInstanceCount}`,
    )
    .digest('base64url')
    .slice(0, 16);
  return `"${digest}"`;
}
