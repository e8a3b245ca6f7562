import { invalidArgument } from '../cloud-tasks/rpc-error.ts';

/** google.cloud.run.v2.ServiceScaling, the part of a Service this fake keeps. Counts of instances. */
export interface Scaling {
  /** 0 means no service-level floor. */
  minInstanceCount: number;
  /** 0 means no service-level limit (each revision's own applies). */
  maxInstanceCount: number;
}

/** The `scaling` of an UpdateServiceRequest's `service`, as proto-loader hands it over. */
export interface ScalingPatch {
  minInstanceCount?: number | null;
  maxInstanceCount?: number | null;
}

const maskable = {
  'scaling.max_instance_count': (patch, into) => (into.maxInstanceCount = count(patch, 'maxInstanceCount')),
  'scaling.min_instance_count': (patch, into) => (into.minInstanceCount = count(patch, 'minInstanceCount')),
  scaling: (patch, into) => {
    into.maxInstanceCount = count(patch, 'maxInstanceCount');
    into.minInstanceCount = count(patch, 'minInstanceCount');
  },
} satisfies Record<string, (patch: ScalingPatch, into: Scaling) => void>;

type MaskPath = keyof typeof maskable;

/** The update_mask paths the fake applies; any other path is refused rather than ignored. */
export const supportedMaskPaths = Object.keys(maskable) as MaskPath[];

/**
 * FieldMask paths are snake_case on the wire, but the REST form and many
 * callers (googleapis/google-cloud-python#14259 among them) write camelCase,
 * which the service accepts too.
 */
export function normalizeMaskPath(path: string): string {
  return path.trim().replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * The scaling a masked UpdateService leaves behind. Only the masked fields
 * change; a masked field the patch leaves out becomes 0, as proto3 sends an
 * explicit 0 as nothing at all.
 * @throws RpcError INVALID_ARGUMENT for a missing mask, a path the fake does
 *   not support, a negative count, or a floor above the limit.
 */
export function applyScalingMask(
  current: Scaling,
  patch: ScalingPatch | null | undefined,
  paths: readonly string[] | null | undefined,
): Scaling {
  const wanted = (paths ?? []).map(normalizeMaskPath).filter((path) => path !== '');
  if (wanted.length === 0) {
    throw invalidArgument(
      `update_mask is required: the Cloud Run Admin fake applies only masked updates (supported paths: ${supportedMaskPaths.join(', ')})`,
    );
  }
  const unsupported = wanted.filter((path) => !(path in maskable));
  if (unsupported.length > 0) {
    throw invalidArgument(
      `update_mask path${unsupported.length > 1 ? 's' : ''} ${unsupported.map((path) => `"${path}"`).join(', ')} ` +
        `not supported by the Cloud Run Admin fake; supported: ${supportedMaskPaths.join(', ')}`,
    );
  }
  const next = { ...current };
  for (const path of wanted) maskable[path as MaskPath](patch ?? {}, next);
  if (next.maxInstanceCount > 0 && next.minInstanceCount > next.maxInstanceCount) {
    throw invalidArgument(
      `service.scaling.min_instance_count (${next.minInstanceCount}) must not exceed ` +
        `service.scaling.max_instance_count (${next.maxInstanceCount})`,
    );
  }
  return next;
}

function count(patch: ScalingPatch, field: keyof ScalingPatch): number {
  const value = patch[field] ?? 0;
  if (!Number.isInteger(value) || value < 0) {
    const path = field === 'maxInstanceCount' ? 'max_instance_count' : 'min_instance_count';
    throw invalidArgument(`service.scaling.${path} must be a whole number ≥ 0, got ${value}`);
  }
  return value;
}
