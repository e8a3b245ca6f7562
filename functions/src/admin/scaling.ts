import type { Firestore } from 'firebase-admin/firestore';
import { PhoenixError, parseRequest, setServiceMaxInstancesRequestSchema, spendPeriod } from '@phoenix/core';
import { recordScaling } from '../budget/watch.ts';
import { ServiceNotFoundError, ServiceScaleConflictError, type ServiceScaler } from '../run-admin.ts';

/** `setServiceMaxInstances({ service, maxInstances })`: through the Run Admin API, recorded in the history. */
export async function setServiceMaxInstancesFor(
  db: Firestore,
  scaler: ServiceScaler,
  adminUid: string,
  data: unknown,
): Promise<{ service: 'image' | 'video'; maxInstances: number }> {
  const { service, maxInstances } = parseRequest(setServiceMaxInstancesRequestSchema, data);
  const from = await scaler.getMaxInstances(service);
  const to = await scaler.setMaxInstances(service, maxInstances).catch((error: unknown) => {
    if (error instanceof ServiceNotFoundError) {
      throw new PhoenixError(
        'not_found',
        `The ${service} service is not deployed, so it has no instances to set.`,
        'service',
      );
    }
    if (error instanceof ServiceScaleConflictError) {
      throw new PhoenixError(
        'overloaded',
        'Cloud Run is still applying another change to this service. Try again in a minute.',
      );
    }
    throw error;
  });
  await recordScaling(db, {
    service,
    from,
    to,
    cause: 'admin',
    by: adminUid,
    period: spendPeriod(Date.now()),
  });
  return { service, maxInstances: to };
}

/** `getServiceMaxInstances()`: each service's max instances as the Run Admin API reports it (null: not deployed). */
export async function serviceMaxInstances(
  scaler: ServiceScaler,
): Promise<{ image: number | null; video: number | null }> {
  const [image, video] = await Promise.all([
    scaler.getMaxInstances('image'),
    scaler.getMaxInstances('video'),
  ]);
  return { image, video };
}
