import { createRequire } from 'node:module';
import path from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import * as grpc from '@grpc/grpc-js';

let cached: grpc.ServiceDefinition | undefined;

/**
 * The CloudTasks service definition, loaded from the very .proto files that
 * ship inside `@google-cloud/tasks`, so the emulator and the client can never
 * disagree about the wire format. Parsed once per process (about 0.2 s).
 */
export function loadCloudTasksServiceDefinition(): grpc.ServiceDefinition {
  cached ??= parseServiceDefinition();
  return cached;
}

function parseServiceDefinition(): grpc.ServiceDefinition {
  const require = createRequire(import.meta.url);
  // The package's `exports` hide its files, so anchor on the resolved entry
  // point and walk up to the package root instead of naming a path.
  const tasksEntry = require.resolve('@google-cloud/tasks');
  const tasksRoot = packageRootOf(tasksEntry, '@google-cloud/tasks');
  const tasksProtos = path.join(tasksRoot, 'build', 'protos');
  // google/api, google/rpc and google/iam imports live in google-gax, the
  // copy the client itself depends on.
  const gaxEntry = createRequire(tasksEntry).resolve('google-gax');
  const gaxProtos = path.join(packageRootOf(gaxEntry, 'google-gax'), 'build', 'protos');

  const packageDefinition = protoLoader.loadSync('google/cloud/tasks/v2/cloudtasks.proto', {
    includeDirs: [tasksProtos, gaxProtos],
    keepCase: false,
    longs: Number,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as {
    google: { cloud: { tasks: { v2: { CloudTasks: grpc.ServiceClientConstructor } } } };
  };
  return loaded.google.cloud.tasks.v2.CloudTasks.service;
}

function packageRootOf(resolvedFile: string, packageName: string): string {
  const marker = `${path.sep}node_modules${path.sep}${packageName.split('/').join(path.sep)}${path.sep}`;
  const index = resolvedFile.lastIndexOf(marker);
  if (index === -1) throw new Error(`cannot locate the ${packageName} package from ${resolvedFile}`);
  return resolvedFile.slice(0, index + marker.length - 1);
}
