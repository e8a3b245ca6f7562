import { createRequire } from 'node:module';
import { CloudTasksClient } from '@google-cloud/tasks';
import type * as gax from 'google-gax';

type GoogleGax = typeof gax;

/**
 * A real `CloudTasksClient` wired to the emulator over plaintext gRPC.
 * `endpoint` is a port on 127.0.0.1 or a `host:port` string (the form of
 * CLOUD_TASKS_EMULATOR_HOST).
 */
export function createLocalTasksClient(endpoint: number | string): CloudTasksClient {
  const { host, port } = parseEndpoint(endpoint);
  // Keeps google-auth-library from probing the GCE metadata server; the
  // insecure channel below never asks it for credentials anyway.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  return new CloudTasksClient({
    apiEndpoint: host,
    port,
    sslCreds: clientGrpc().credentials.createInsecure(),
    fallback: false,
  });
}

/**
 * The @grpc/grpc-js that the client's own google-gax loads. Credentials made
 * by any other copy fail its instanceof check ("Channel credentials must be a
 * ChannelCredentials object").
 */
export function clientGrpc(): GoogleGax['grpc'] {
  const require = createRequire(import.meta.url);
  const tasksEntry = require.resolve('@google-cloud/tasks');
  return (createRequire(tasksEntry)('google-gax') as GoogleGax).grpc;
}

function parseEndpoint(endpoint: number | string): { host: string; port: number } {
  if (typeof endpoint === 'number') return { host: '127.0.0.1', port: endpoint };
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(endpoint.trim());
  if (!match) throw new Error(`Cloud Tasks emulator endpoint must be "host:port", got "${endpoint}"`);
  return { host: match[1]!, port: Number(match[2]) };
}
