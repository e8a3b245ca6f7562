import { invalidArgument } from '../cloud-tasks/rpc-error.ts';

export interface ServiceName {
  project: string;
  location: string;
  /** The service id, e.g. `phoenix-image`. */
  service: string;
  /** `projects/{project}/locations/{location}/services/{service}` */
  name: string;
}

// Cloud Run service ids: lowercase letters, digits and hyphens, starting with a letter, at most 49.
const pattern =
  /^projects\/([a-z0-9][a-z0-9-]{0,61}[a-z0-9]|[0-9]+)\/locations\/([a-z0-9-]+)\/services\/([a-z](?:[a-z0-9-]{0,47}[a-z0-9])?)$/;

/** @throws RpcError INVALID_ARGUMENT naming the expected form. */
export function parseServiceName(name: string | null | undefined, field = 'name'): ServiceName {
  const match = pattern.exec(name ?? '');
  if (!match) {
    throw invalidArgument(
      `${field} must be "projects/{project}/locations/{location}/services/{service}", got "${name ?? ''}"`,
    );
  }
  return { project: match[1]!, location: match[2]!, service: match[3]!, name: match[0] };
}
