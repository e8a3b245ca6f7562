/** A setting that is missing or malformed; the service refuses to start. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Typed reads of environment variables that collect every problem, so a
 * service names all its missing or malformed settings at once.
 */
export function envReader(env: Env) {
  const problems: string[] = [];
  const optional = (name: string): string | undefined => env[name]?.trim() || undefined;
  return {
    problems,
    optional,
    required(name: string): string {
      const value = optional(name);
      if (!value) problems.push(`${name} is required`);
      return value ?? '';
    },
    integer(name: string, fallback: number, min: number): number {
      const raw = optional(name);
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw) || value < min) {
        problems.push(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
        return fallback;
      }
      return value;
    },
    flag(name: string, fallback: boolean): boolean {
      const raw = optional(name)?.toLowerCase();
      if (raw === undefined) return fallback;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      problems.push(`${name} must be true or false, got "${raw}"`);
      return fallback;
    },
    /** Throws one ConfigError naming every problem found so far. */
    check(service: string): void {
      if (problems.length > 0)
        throw new ConfigError(`Invalid ${service} configuration: ${problems.join('; ')}`);
    },
  };
}

/** The R2 settings both services read, named as in the README. */
export function readR2Config(read: ReturnType<typeof envReader>) {
  const endpoint = read.required('R2_ENDPOINT');
  return {
    endpoint,
    bucket: read.required('R2_BUCKET'),
    accessKeyId: read.required('R2_ACCESS_KEY_ID'),
    secretAccessKey: read.required('R2_SECRET_ACCESS_KEY'),
    publicBaseUrl: read.required('R2_PUBLIC_BASE_URL'),
    forcePathStyle: read.flag('R2_FORCE_PATH_STYLE', endpoint.startsWith('http://')),
  };
}
