import { invalidArgument } from './errors.ts';

/**
 * Small readers for request JSON. Each names the offending field in its 400,
 * the way Vertex's "Invalid value at 'parameters.sampleCount'" messages do.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectField(parent: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidArgument(`Invalid value at '${path}': expected an object.`);
  return value;
}

export function stringField(parent: JsonObject | undefined, key: string, path: string): string | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw invalidArgument(`Invalid value at '${path}' (TYPE_STRING), ${JSON.stringify(value)}`);
  return value;
}

/** `parameters.storageUri`: Imagen and Veo write there instead of returning bytes. */
export function storageUriField(parameters: JsonObject | undefined): string | undefined {
  const storageUri = stringField(parameters, 'storageUri', 'parameters.storageUri');
  if (storageUri !== undefined && !storageUri.startsWith('gs://')) {
    throw invalidArgument(
      `Invalid value at 'parameters.storageUri': must be a gs:// URI, got ${JSON.stringify(storageUri)}.`,
    );
  }
  return storageUri;
}

export function booleanField(parent: JsonObject | undefined, key: string, path: string): boolean | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw invalidArgument(`Invalid value at '${path}' (TYPE_BOOL), ${JSON.stringify(value)}`);
  return value;
}

/** Integers may arrive as JSON numbers or, per proto3 JSON rules, as decimal strings. */
export function integerField(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  range: { min: number; max: number },
): number | undefined {
  const raw = parent?.[key];
  if (raw === undefined || raw === null) return undefined;
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidArgument(`Invalid value at '${path}' (TYPE_INT32), ${JSON.stringify(raw)}`);
  }
  if (value < range.min || value > range.max) {
    throw invalidArgument(
      `Invalid value at '${path}': ${value} is out of range [${range.min}, ${range.max}].`,
    );
  }
  return value;
}

export function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  path: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidArgument(
      `Unsupported value for '${path}': ${JSON.stringify(value)}. Supported values: ${allowed.join(', ')}.`,
    );
  }
  return value as T;
}

/** Strict base64 decode: Buffer.from would silently skip bad characters. */
export function base64Field(value: string, path: string): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) {
    throw invalidArgument(`Invalid value at '${path}' (TYPE_BYTES), Base64 decoding failed.`);
  }
  return Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
}
