/**
 * The load test only ever drives a stack on this machine. Every variable of
 * the stack's environment that names a place to connect to (a URL, or a
 * host:port) must name 127.0.0.1; anything else is a reason to refuse.
 */

const hostPort = /^([^/:\s]+):(\d+)$/;

/** The host a value points at, or null when the value is not an address. */
export function hostOf(value: string): string | null {
  const bare = hostPort.exec(value.trim());
  if (bare) return bare[1]!;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname : null;
  } catch {
    return null;
  }
}

/** The variables that point anywhere but 127.0.0.1, as `NAME=value`. */
export function nonLocalEndpoints(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(([, value]) => value !== undefined)
    .filter(([, value]) => {
      const host = hostOf(value!);
      return host !== null && host !== '127.0.0.1';
    })
    .map(([name, value]) => `${name}=${value}`);
}
