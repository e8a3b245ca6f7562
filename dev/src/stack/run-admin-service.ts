import { imageService } from '@phoenix/core';
import type { ChildSpec } from './child.ts';
import { listens } from './health.ts';
import type { ServiceDefinition, ServiceName } from './services.ts';

/** Cloud Run service ids, as cloudbuild.yaml deploys them (`_IMAGE_SERVICE`) and the functions default to. */
export const runServiceIds = { image: 'phoenix-image', video: 'phoenix-video' } as const;
/** The video worker's max instances from the seeds' settings; core has no video sizing yet. */
const videoWorkerMaxInstances = 10;

/**
 * The Cloud Run Admin fake, holding both Phoenix services at their deploy
 * settings, so the functions can lower and restore max instances locally.
 */
export function runAdminDefinition(options: {
  port: number;
  projectId: string;
  region: string;
  env: Record<string, string>;
  nodeScript: (name: ServiceName, script: string, args: string[], env: Record<string, string>) => ChildSpec;
}): ServiceDefinition {
  const { port, env } = options;
  return {
    name: 'run-admin',
    description: 'Cloud Run Admin v2 fake (gRPC): services get/update, operations',
    url: `${env.PHOENIX_RUN_ADMIN_EMULATOR_HOST} (gRPC)`,
    ports: [port],
    spec: async () =>
      options.nodeScript(
        'run-admin',
        'dev/src/cloud-run-admin/main.ts',
        [
          ...['--port', String(port), '--project', options.projectId, '--region', options.region],
          ...['--service', `${runServiceIds.image}=${imageService.maxInstances}`],
          ...['--service', `${runServiceIds.video}=${videoWorkerMaxInstances}`],
        ],
        env,
      ),
    // gRPC only: accepting connections means the services are registered.
    healthy: () => listens(port),
    // A new fake would start from the deploy settings, silently undoing a scale-down.
    whenDead: { then: 'fail', because: 'the max instances it was set to lived only in its memory' },
  };
}
