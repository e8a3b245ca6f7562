/**
 * Calls to the callable Cloud Functions. The Functions SDK is fetched on the
 * first call rather than with the page, so a page that only reads (the
 * explore feed, for a visitor who never likes) never downloads it.
 */
import type { Functions } from 'firebase/functions';
import { getFirebase } from './app.ts';
import { describeCallableError, type CallableProblem } from './callable-errors.ts';

export type ActionResult<T> = ({ ok: true } & T) | ({ ok: false } & CallableProblem);

let functions: Promise<Functions> | undefined;

async function connectFunctions(): Promise<Functions> {
  const { app, config } = getFirebase();
  const { connectFunctionsEmulator, getFunctions } = await import('firebase/functions');
  const client = getFunctions(app, config.functionsRegion);
  if (config.emulators) {
    connectFunctionsEmulator(client, config.emulators.functions.host, config.emulators.functions.port);
  }
  return client;
}

/** The Functions client, made and connected once; a failed load is forgotten so the next call retries. */
export function loadFunctions(): Promise<Functions> {
  functions ??= connectFunctions().catch((error: unknown) => {
    functions = undefined;
    throw error;
  });
  return functions;
}

/** Calls the callable `name` and answers its data; throws the SDK's error. */
export async function callFunction<Request, Response>(name: string, request: Request): Promise<Response> {
  const [client, { httpsCallable }] = await Promise.all([loadFunctions(), import('firebase/functions')]);
  const { data } = await httpsCallable<Request, Response>(client, name)(request);
  return data;
}

/** Calls the callable `name`; its answer, or what went wrong in words for the page. */
export async function callAction<Request, Response>(
  name: string,
  request: Request,
): Promise<ActionResult<{ data: Response }>> {
  try {
    return { ok: true, data: await callFunction<Request, Response>(name, request) };
  } catch (error) {
    return { ok: false, ...describeCallableError(error) };
  }
}

/** Forgets the Functions client. For tests only. */
export function resetFunctionsForTests(): void {
  functions = undefined;
}
