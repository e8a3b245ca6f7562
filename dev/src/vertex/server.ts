import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_RENDER_SETTINGS, type ModelCall, type RenderSettings } from './context.ts';
import { GoogleApiError, injectedErrorMessage } from './errors.ts';
import {
  decideFault,
  DEFAULT_FAULT_SETTINGS,
  parseFaultSettingsPatch,
  type FaultDecision,
  type FaultSettings,
} from './faults.ts';
import { geminiGenerateContent, geminiPrompt } from './gemini.ts';
import { readJsonObject, requireBearerToken, sendGoogleError, sendJson, sendSse } from './http-io.ts';
import { imagenPredict, imagenPrompt } from './imagen.ts';
import { InFlightGauge } from './in-flight.ts';
import { isObject, type JsonObject } from './json-fields.ts';
import { jsonLinesLogger, type Logger, type Severity } from '../../../runner/src/platform/log.ts';
import { resolveModel, type ModelFamily } from './models.ts';
import { ObjectStore, sendStoredObject } from './object-store.ts';
import { parseRoute, type ModelRoute } from './routes.ts';
import { VeoOperations, veoPrompt } from './veo.ts';

/** Header a test sets (through `httpOptions.headers`) to inject faults into one request. */
export const FAULT_HEADER = 'x-fake-fault';

export interface VertexFakeOptions {
  /** Interface to listen on. Default `'127.0.0.1'`. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Initial process-wide faults, over {@link DEFAULT_FAULT_SETTINGS}; `reset()` returns to these. */
  faults?: Partial<FaultSettings>;
  /** Output sizes, frame rate and ffmpeg location, over {@link DEFAULT_RENDER_SETTINGS}. */
  render?: Partial<RenderSettings>;
  /** Receives one entry per request. Default: JSON lines on stdout. */
  logger?: Logger;
  /** Largest accepted request body, in bytes. Default 32 MiB (inline images arrive base64-encoded). */
  maxBodyBytes?: number;
}

/** One model request as the fake saw it, so a test can tell which path and location a client used. */
export interface RecordedRequest {
  apiVersion: 'v1' | 'v1beta1';
  project: string;
  location: string;
  model: string;
  /** The `:{method}` suffix as sent. */
  method: string;
  /** The HTTP status the fake answered. */
  status: number;
  /** The start of the prompt of a generating call ('' for polls), so a test can count one job's calls. */
  prompt: string;
  /** `parameters.storageUri` of a generating call that named an output bucket. */
  storageUri?: string;
}

/** Requests kept for `requests()` and `GET /_fake/requests`; older ones are dropped. */
const RECORDED_REQUESTS_KEPT = 1000;

export interface VertexFake {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** Base URL for `httpOptions.baseUrl`, without a trailing slash or API version. */
  readonly url: string;
  /** Merges a patch into the process-wide faults and returns the result; throws on invalid values. */
  configure(patch: Partial<FaultSettings>): FaultSettings;
  /** Restores the faults the server started with. */
  reset(): FaultSettings;
  /** A copy of the current process-wide faults. */
  faults(): FaultSettings;
  /** The model requests answered so far (the last 1000), oldest first. */
  requests(): RecordedRequest[];
  /** The most model requests in flight at once (arrived, not yet answered) since start or `clearRequests()`. */
  maxInFlight(): number;
  /** Forgets the recorded requests and starts a new in-flight high-water mark. */
  clearRequests(): void;
  /** Stops background video work and the server; resolves when both are down. */
  close(): Promise<void>;
}

function validatedPatch(patch: unknown): Partial<FaultSettings> {
  const parsed = parseFaultSettingsPatch(patch);
  if (!parsed.ok) throw new GoogleApiError(400, parsed.problem);
  return parsed.value;
}

function promptOf(family: ModelFamily, body: JsonObject): string {
  if (family === 'imagen') return imagenPrompt(body);
  if (family === 'gemini-image') return geminiPrompt(body);
  return veoPrompt(body);
}

function severityFor(status: number): Severity {
  if (status >= 500) return 'ERROR';
  if (status >= 400) return 'WARNING';
  return 'INFO';
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

/** Starts the fake on its own HTTP server. */
export async function startVertexFake(options: VertexFakeOptions = {}): Promise<VertexFake> {
  const parsedFaults = parseFaultSettingsPatch(options.faults ?? {});
  if (!parsedFaults.ok) throw new Error(`invalid faults option: ${parsedFaults.problem}`);
  const initialFaults: FaultSettings = { ...DEFAULT_FAULT_SETTINGS, ...parsedFaults.value };
  const startingFaults = (): FaultSettings => ({
    ...initialFaults,
    blockedWords: [...initialFaults.blockedWords],
  });
  let settings = startingFaults();
  const render: RenderSettings = { ...DEFAULT_RENDER_SETTINGS, ...options.render };
  const logger = options.logger ?? jsonLinesLogger;
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const shutdown = new AbortController();
  const objects = new ObjectStore();
  const veo = new VeoOperations({ render, logger, objects });

  const snapshot = (): FaultSettings => ({ ...settings, blockedWords: [...settings.blockedWords] });
  let recorded: RecordedRequest[] = [];
  const inFlight = new InFlightGauge();
  const clearRecorded = (): void => {
    recorded = [];
    inFlight.reset();
  };
  const record = (route: ModelRoute, status: number, logFields: JsonObject): void => {
    const { apiVersion, project, location, model, rawMethod } = route;
    const prompt = String(logFields['prompt'] ?? '');
    const storageUri = logFields['storageUri'];
    const entry: RecordedRequest = {
      apiVersion,
      project,
      location,
      model,
      method: rawMethod,
      status,
      prompt,
    };
    recorded.push(typeof storageUri === 'string' ? { ...entry, storageUri } : entry);
    if (recorded.length > RECORDED_REQUESTS_KEPT) recorded = recorded.slice(-RECORDED_REQUESTS_KEPT);
  };

  async function handleModel(
    req: IncomingMessage,
    res: ServerResponse,
    route: ModelRoute,
    logFields: JsonObject,
  ): Promise<number> {
    logFields['model'] = route.model;
    logFields['method'] = route.rawMethod;
    if (req.method !== 'POST') {
      throw new GoogleApiError(404, `Method ${req.method} is not supported on ${route.rawMethod}.`);
    }
    requireBearerToken(req);
    const { family, method, model } = resolveModel(route);
    const body = await readJsonObject(req, maxBodyBytes);
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
      settings,
      header: Array.isArray(header) ? header.join(',') : header,
      prompt: generates ? promptOf(family, body) : '',
      generates,
    });
    if (!decided.ok) throw new GoogleApiError(400, decided.problem);
    const fault = decided.value;
    if (fault.consumesProcessError && settings.errorCount !== null) {
      settings = { ...settings, errorCount: Math.max(0, settings.errorCount - 1) };
    }
    const summary = faultSummary(fault);
    if (summary) logFields['fault'] = summary;
    if (fault.latencyMs > 0) await sleep(fault.latencyMs, undefined, { signal: shutdown.signal });
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

  async function handleConfig(req: IncomingMessage, res: ServerResponse): Promise<number> {
    if (req.method === 'GET') {
      sendJson(res, 200, snapshot());
    } else if (req.method === 'POST') {
      const patch = validatedPatch(await readJsonObject(req, maxBodyBytes));
      settings = { ...settings, ...patch };
      sendJson(res, 200, snapshot());
    } else if (req.method === 'DELETE') {
      settings = startingFaults();
      sendJson(res, 200, snapshot());
    } else {
      throw new GoogleApiError(404, `Method ${req.method} is not supported on /_fake/config.`);
    }
    return 200;
  }

  function handleRequests(req: IncomingMessage, res: ServerResponse): number {
    if (req.method === 'GET') {
      sendJson(res, 200, {
        requests: recorded.map((entry) => ({ ...entry })),
        maxInFlight: inFlight.highWater,
      });
    } else if (req.method === 'DELETE') {
      clearRecorded();
      sendJson(res, 200, { requests: [], maxInFlight: inFlight.highWater });
    } else {
      throw new GoogleApiError(404, `Method ${req.method} is not supported on /_fake/requests.`);
    }
    return 200;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const logFields: JsonObject = {};
    let status = 500;
    let modelRoute: ModelRoute | undefined;
    try {
      const route = parseRoute(req.url ?? '/');
      if (route.kind === 'health') {
        sendJson(res, 200, { status: 'ok' });
        status = 200;
      } else if (route.kind === 'fake-config') {
        status = await handleConfig(req, res);
      } else if (route.kind === 'fake-requests') {
        status = handleRequests(req, res);
      } else if (route.kind === 'model') {
        modelRoute = route;
        inFlight.enter();
        status = await handleModel(req, res, route, logFields);
      } else if (route.kind === 'storage-object' && req.method === 'GET') {
        requireBearerToken(req);
        status = sendStoredObject(res, objects, route);
      } else {
        throw new GoogleApiError(404, `The requested URL ${path} was not found on this server.`);
      }
    } catch (error) {
      if (shutdown.signal.aborted) {
        res.destroy();
        return;
      }
      if (error instanceof GoogleApiError) {
        status = error.httpStatus;
        sendGoogleError(res, status, error.message);
      } else {
        status = 500;
        logFields['error'] = error instanceof Error ? (error.stack ?? error.message) : String(error);
        sendGoogleError(res, 500, 'Internal error encountered.');
      }
    } finally {
      if (modelRoute) {
        record(modelRoute, status, logFields);
        inFlight.leave();
      }
      // Health checks would drown the useful lines.
      if (path !== '/healthz') {
        logger({
          severity: severityFor(status),
          message: `${req.method ?? '?'} ${path} ${status}`,
          ...logFields,
          status,
          ms: Math.round(performance.now() - startedAt),
        });
      }
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${urlHost}:${port}`,
    configure(patch) {
      const parsed = parseFaultSettingsPatch(patch);
      if (!parsed.ok) throw new Error(parsed.problem);
      settings = { ...settings, ...parsed.value };
      return snapshot();
    },
    reset() {
      settings = startingFaults();
      return snapshot();
    },
    faults: snapshot,
    requests: () => recorded.map((entry) => ({ ...entry })),
    maxInFlight: () => inFlight.highWater,
    clearRequests: clearRecorded,
    close() {
      closing ??= (async () => {
        shutdown.abort();
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await Promise.all([veo.close(), serverClosed]);
      })();
      return closing;
    },
  };
}
