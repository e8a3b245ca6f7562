import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_RENDER_SETTINGS, type RenderSettings } from './context.ts';
import { GoogleApiError } from './errors.ts';
import type { FaultSettings } from './faults.ts';
import { requireBearerToken, sendGoogleError, sendJson } from './http-io.ts';
import type { JsonObject } from './json-fields.ts';
import { jsonLinesLogger, type Logger, type Severity } from '../../../runner/src/platform/log.ts';
import { answerModelRequest } from './model-requests.ts';
import { ObjectStore, sendStoredObject } from './object-store.ts';
import { answerFaultConfig, ProcessFaults } from './process-faults.ts';
import { answerRequestLog, RequestLog, type RecordedRequest } from './request-log.ts';
import { parseRoute, type ModelRoute } from './routes.ts';
import { VeoOperations } from './veo.ts';

export interface VertexFakeOptions {
  /** Interface to listen on. Default `'127.0.0.1'`. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Initial process-wide faults, over faults.ts's `DEFAULT_FAULT_SETTINGS`; `reset()` returns to these. */
  faults?: Partial<FaultSettings>;
  /** Output sizes, frame rate and ffmpeg location, over {@link DEFAULT_RENDER_SETTINGS}. */
  render?: Partial<RenderSettings>;
  /** Receives one entry per request. Default: JSON lines on stdout. */
  logger?: Logger;
  /** Largest accepted request body, in bytes. Default 32 MiB (inline images arrive base64-encoded). */
  maxBodyBytes?: number;
}

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

function severityFor(status: number): Severity {
  if (status >= 500) return 'ERROR';
  if (status >= 400) return 'WARNING';
  return 'INFO';
}

/** Starts the fake on its own HTTP server. */
export async function startVertexFake(options: VertexFakeOptions = {}): Promise<VertexFake> {
  const faults = new ProcessFaults(options.faults);
  const render: RenderSettings = { ...DEFAULT_RENDER_SETTINGS, ...options.render };
  const logger = options.logger ?? jsonLinesLogger;
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const shutdown = new AbortController();
  const objects = new ObjectStore();
  const veo = new VeoOperations({ render, logger, objects });
  const requestLog = new RequestLog();
  const modelContext = { faults, render, veo, maxBodyBytes, shutdown: shutdown.signal };

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
        status = await answerFaultConfig(req, res, faults, maxBodyBytes);
      } else if (route.kind === 'fake-requests') {
        status = answerRequestLog(req, res, requestLog);
      } else if (route.kind === 'model') {
        modelRoute = route;
        requestLog.arrived();
        status = await answerModelRequest(req, res, route, logFields, modelContext);
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
      if (modelRoute) requestLog.answered(modelRoute, status, logFields);
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
    configure: (patch) => faults.configure(patch),
    reset: () => faults.reset(),
    faults: () => faults.snapshot(),
    requests: () => requestLog.requests(),
    maxInFlight: () => requestLog.maxInFlight,
    clearRequests: () => requestLog.clear(),
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
