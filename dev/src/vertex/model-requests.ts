import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ModelCall, RenderSettings } from './context.ts';
import { GoogleApiError, injectedErrorMessage } from './errors.ts';
import { decideFault, type FaultDecision } from './faults.ts';
import { geminiGenerateContent, geminiPrompt } from './gemini.ts';
import { readJsonObject, requireBearerToken, sendJson, sendSse } from './http-io.ts';
import { imagenPredict, imagenPrompt } from './imagen.ts';
import { isObject, type JsonObject } from './json-fields.ts';
import { resolveModel, type ModelFamily } from './models.ts';
import type { ProcessFaults } from './process-faults.ts';
import type { ModelRoute } from './routes.ts';
import type { VeoOperations } from './veo.ts';
import { veoPrompt } from './veo-request.ts';

/** Header a test sets (through `httpOptions.headers`) to inject faults into one request. */
export const FAULT_HEADER = 'x-fake-fault';

export interface ModelRequestContext {
  faults: ProcessFaults;
  render: RenderSettings;
  veo: VeoOperations;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number;
  /** Aborted when the server stops, which cuts an injected latency short. */
  shutdown: AbortSignal;
}

/**
 * Answers one call to a model method: authenticated, its body read, its
 * faults decided (process settings, prompt directives, then the header), and
 * then the model family's answer. What the log line should say about the call
 * is added to `logFields`.
 */
export async function answerModelRequest(
  req: IncomingMessage,
  res: ServerResponse,
  route: ModelRoute,
  logFields: JsonObject,
  context: ModelRequestContext,
): Promise<number> {
  const { faults, render, veo } = context;
  logFields['model'] = route.model;
  logFields['method'] = route.rawMethod;
  if (req.method !== 'POST') {
    throw new GoogleApiError(404, `Method ${req.method} is not supported on ${route.rawMethod}.`);
  }
  requireBearerToken(req);
  const { family, method, model } = resolveModel(route);
  const body = await readJsonObject(req, context.maxBodyBytes);
  const generates = method !== 'fetchPredictOperation';
  if (generates) {
    logFields['prompt'] = promptOf(family, body).slice(0, 200);
    const parameters = body['parameters'];
    if (isObject(parameters) && typeof parameters['storageUri'] === 'string') {
      logFields['storageUri'] = parameters['storageUri'];
    }
  }
  const header = req.headers[FAULT_HEADER];
  const decided = decideFault({
    settings: faults.current,
    header: Array.isArray(header) ? header.join(',') : header,
    prompt: generates ? promptOf(family, body) : '',
    generates,
  });
  if (!decided.ok) throw new GoogleApiError(400, decided.problem);
  const fault = decided.value;
  if (fault.consumesProcessError) faults.spendError();
  const summary = faultSummary(fault);
  if (summary) logFields['fault'] = summary;
  if (fault.latencyMs > 0) await sleep(fault.latencyMs, undefined, { signal: context.shutdown });
  if (fault.errorStatus !== null) {
    throw new GoogleApiError(fault.errorStatus, injectedErrorMessage(fault.errorStatus));
  }

  const call: ModelCall = { route, model, body, fault };
  switch (method) {
    case 'predict':
      sendJson(res, 200, await imagenPredict(call, render));
      break;
    case 'generateContent':
      sendJson(res, 200, await geminiGenerateContent(call, render));
      break;
    case 'streamGenerateContent':
      sendSse(res, await geminiGenerateContent(call, render));
      break;
    case 'predictLongRunning':
      sendJson(res, 200, await veo.start(call));
      break;
    case 'fetchPredictOperation':
      sendJson(res, 200, veo.fetch(call));
      break;
  }
  return 200;
}

function promptOf(family: ModelFamily, body: JsonObject): string {
  if (family === 'imagen') return imagenPrompt(body);
  if (family === 'gemini-image') return geminiPrompt(body);
  return veoPrompt(body);
}

function faultSummary(fault: FaultDecision): JsonObject | undefined {
  const active: JsonObject = {};
  if (fault.latencyMs > 0) active['latencyMs'] = fault.latencyMs;
  if (fault.errorStatus !== null) active['errorStatus'] = fault.errorStatus;
  if (fault.blocked) active['blocked'] = true;
  if (fault.filterCount > 0) active['filterCount'] = fault.filterCount;
  if (fault.veoFail) active['veoFail'] = true;
  return Object.keys(active).length > 0 ? active : undefined;
}
