import { createRequire } from 'node:module';
import path from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import * as grpc from '@grpc/grpc-js';

export interface RunAdminDefinitions {
  /** google.cloud.run.v2.Services */
  services: grpc.ServiceDefinition;
  /** google.longrunning.Operations, which the client polls at the same endpoint. */
  operations: grpc.ServiceDefinition;
  /** Encodes a google.cloud.run.v2.Service, for the `Any` payloads of an Operation. */
  encodeService(service: object): Buffer;
}

let cached: RunAdminDefinitions | undefined;

/**
 * The Services and Operations definitions, loaded from the .proto files that
 * ship inside `@google-cloud/run` (and the google-gax copy it loads), so the
 * fake and the client can never disagree about the wire format. Parsed once
 * per process.
 */
export function loadRunAdminDefinitions(): RunAdminDefinitions {
  cached ??= parse();
  return cached;
}

function parse(): RunAdminDefinitions {
  const require = createRequire(import.meta.url);
  // The package's `exports` hide its files: anchor on its entry point instead of naming a path.
  const runEntry = require.resolve('@google-cloud/run');
  const runProtos = path.join(packageRootOf(runEntry, '@google-cloud/run'), 'build', 'protos');
  const gaxEntry = createRequire(runEntry).resolve('google-gax');
  const gaxProtos = path.join(packageRootOf(gaxEntry, 'google-gax'), 'build', 'protos');

  const packageDefinition = protoLoader.loadSync(
    ['google/cloud/run/v2/service.proto', 'google/longrunning/operations.proto'],
    {
      includeDirs: [runProtos, gaxProtos],
      keepCase: false,
      longs: Number,
      enums: String,
      defaults: false,
      oneofs: true,
    },
  );
  const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as {
    google: {
      cloud: { run: { v2: { Services: grpc.ServiceClientConstructor } } };
      longrunning: { Operations: grpc.ServiceClientConstructor };
    };
  };
  const services = loaded.google.cloud.run.v2.Services.service;
  // GetService's response serializer is exactly "encode a Service": no second protobuf runtime needed.
  const serializeService = services.GetService!.responseSerialize as (value: object) => Buffer;
  return {
    services,
    operations: loaded.google.longrunning.Operations.service,
    encodeService: (service) => serializeService(service),
  };
}

function packageRootOf(resolvedFile: string, packageName: string): string {
  const marker = `${path.sep}node_modules${path.sep}${packageName.split('/').join(path.sep)}${path.sep}`;
  const index = resolvedFile.lastIndexOf(marker);
  if (index === -1) throw new Error(`cannot locate the ${packageName} package from ${resolvedFile}`);
  return resolvedFile.slice(0, index + marker.length - 1);
}
