import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../dev/src/cloud-tasks/test-harness.ts';
import { maxTaskBodyBytes } from '../runner/src/platform/task-app.ts';
import { taskServerLimits } from '../runner/src/platform/task-server.ts';
import { closedPort } from './image-service.fixture.ts';
import {
  invokerEmailOf,
  startVideoWorkerBackends,
  videoWorkerEnv,
  type VideoWorkerBackends,
} from './video-worker.fixture.ts';
import { startServiceProcess, type ServiceProcess, type TaskService } from './support/image-process.ts';
import { sendRaw, statusLine, trickle } from './support/raw-http.ts';
import { testStack } from './support/stack.ts';

/**
 * Both task services as the processes Cloud Run runs, fed bytes no Cloud
 * Tasks delivery carries: broken request lines and framing, oversized heads
 * and bodies, bodies cut short, and clients that trickle. Each gets its
 * answer (or its connection closed) within the task server's limits, and
 * the process lives on and keeps answering /healthz.
 */
const stack = testStack();
const services: TaskService[] = ['image', 'video'];

interface Running {
  process: ServiceProcess;
  /** The route Cloud Tasks calls, e.g. `/tasks/image`. */
  path: string;
  /** A valid `Authorization` value: a token the emulator signs for this service's invoker. */
  bearer(): string;
  exit?: { code: number | null; signal: string | null };
}

let backends: VideoWorkerBackends;
const running = {} as Record<TaskService, Running>;

beforeAll(async () => {
  // The video worker's own backends; both processes trust their emulator's key.
  backends = await startVideoWorkerBackends(stack.projectId, { maxAttempts: 1 });
  const certsUrl = backends.tasks.emulator.certsUrl;
  const env = async (service: TaskService, port: number) => {
    const url = `http://127.0.0.1:${port}`;
    return service === 'image'
      ? { ...stack.env, IMAGE_SERVICE_URL: url, OIDC_CERTS_URL: certsUrl }
      : {
          ...videoWorkerEnv(stack.projectId, backends, url),
          FIRESTORE_EMULATOR_HOST: stack.env.FIRESTORE_EMULATOR_HOST,
          METADATA_SERVER_DETECTION: 'none',
        };
  };
  const ports = { image: await closedPort(), video: await closedPort() };
  await Promise.all(
    services.map(async (service) => {
      const started = await startServiceProcess(service, ports[service], await env(service, ports[service]));
      const invoker = service === 'image' ? stack.env.TASKS_INVOKER_EMAIL! : invokerEmailOf(stack.projectId);
      const entry: Running = {
        process: started,
        path: `/tasks/${service}`,
        bearer: () =>
          `Bearer ${backends.tasks.signer.signIdToken({ audience: started.url, serviceAccountEmail: invoker, nowMs: Date.now() })}`,
      };
      void started.exited.then((ended) => (entry.exit = ended));
      running[service] = entry;
    }),
  );
});

afterAll(async () => {
  await Promise.all(services.map((service) => running[service]?.process.kill()));
  await backends?.tasks.close();
  await Promise.all([backends?.vertex.close(), backends?.r2.close()]);
});

/** `/healthz`'s status (0 when nothing answered). */
async function healthz(service: Running): Promise<number> {
  try {
    const response = await fetch(`${service.process.url}/healthz`);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** After an abuse: whether the process has exited, and what /healthz answers. */
async function liveness(service: Running) {
  const status = await healthz(service);
  return { healthz: status, exit: service.exit };
}
const alive = { healthz: 200, exit: undefined };

/** Resolves once the process has logged `message` `times` times in all. */
function logged(service: Running, message: string, times: number): Promise<void> {
  return eventually(
    `the log line "${message}" ×${times}`,
    () => service.process.logs.filter((line) => line.message === message).length >= times,
  );
}

interface Abuse {
  name: string;
  request(service: Running): string | Buffer;
  status: string;
}

const bad = 'HTTP/1.1 400 Bad Request';
const get = (target: string, headers = 'Host: x\r\n') =>
  `GET ${target} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`;

/** Answered on the socket, by Node's parser or by the app's router, never by a route. */
const abuses: Abuse[] = [
  {
    name: 'a request line without a method',
    request: () => '/healthz HTTP/1.1\r\nHost: x\r\n\r\n',
    status: bad,
  },
  {
    name: 'an HTTP version that does not exist',
    request: () => 'GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n',
    status: bad,
  },
  {
    name: 'a request line with a fourth part',
    request: () => 'GET /healthz HTTP/1.1 x\r\nHost: x\r\n\r\n',
    status: bad,
  },
  { name: 'a space inside the target', request: () => get('/heal thz'), status: bad },
  { name: 'a NUL inside the target', request: () => get('/heal\0thz'), status: bad },
  { name: 'bare LF line ends', request: () => 'GET /healthz HTTP/1.1\nHost: x\n\n', status: bad },
  { name: 'no Host header', request: () => get('/healthz', ''), status: bad },
  {
    name: 'a method HTTP does not have',
    request: (s) => `FOO ${s.path} HTTP/1.1\r\nHost: x\r\n\r\n`,
    status: bad,
  },
  {
    name: 'two Content-Lengths that disagree',
    request: () => get('/healthz', 'Host: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n'),
    status: bad,
  },
  {
    name: 'both Transfer-Encoding and Content-Length',
    request: () => get('/healthz', 'Host: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n'),
    status: bad,
  },
  {
    name: 'bytes that are not HTTP (a TLS hello)',
    request: () =>
      Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0d, 0x0a]),
    status: bad,
  },
  {
    name: 'GET // (it once threw in new URL and killed the process)',
    request: () => get('//'),
    status: 'HTTP/1.1 404 Not Found',
  },
  { name: 'a request target that is not a path', request: () => get('http://[oops/healthz'), status: bad },
  { name: 'GET on the task route', request: (s) => get(s.path), status: 'HTTP/1.1 405 Method Not Allowed' },
  {
    name: 'headers over the limit',
    request: () =>
      get('/healthz', `Host: x\r\nX-Padding: ${'x'.repeat(taskServerLimits.maxHeaderBytes * 2)}\r\n`),
    status: 'HTTP/1.1 431 Request Header Fields Too Large',
  },
  {
    name: 'an authenticated task body over the limit',
    request: (s) =>
      `POST ${s.path} HTTP/1.1\r\nHost: x\r\nAuthorization: ${s.bearer()}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${maxTaskBodyBytes + 1}\r\n\r\n` +
      'x'.repeat(maxTaskBodyBytes + 1),
    status: 'HTTP/1.1 413 Payload Too Large',
  },
];

describe.each(services)('%s service process: malformed requests', (name) => {
  it.each(abuses)('answers $status to $name, and lives on', async ({ request, status }) => {
    const service = running[name];
    expect(statusLine(await sendRaw(service.process.port, request(service)))).toBe(status);
    expect(await liveness(service)).toEqual(alive);
  });

  it('lets a task whose body is cut short go, whether the client half-closes or hangs up', async () => {
    const service = running[name];
    const aborted = `${name} task request aborted by the client before its body ended`;
    const before = service.process.logs.filter((line) => line.message === aborted).length;
    const truncated =
      `POST ${service.path} HTTP/1.1\r\nHost: x\r\nAuthorization: ${service.bearer()}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jobId":"cut';
    // Half-closed mid-body: the handler has the request and gives up on it; no answer is due.
    expect(await sendRaw(service.process.port, truncated, { then: 'end' })).toBe('');
    await logged(service, aborted, before + 1);
    expect(await liveness(service)).toEqual(alive);
    // Gone for good once the handler has the request (Node sends 100 Continue as it calls it).
    const expecting = truncated.replace('Host: x\r\n', 'Host: x\r\nExpect: 100-continue\r\n');
    const continued = await sendRaw(service.process.port, expecting, { then: 'destroy' });
    expect(statusLine(continued)).toBe('HTTP/1.1 100 Continue');
    await logged(service, aborted, before + 2);
    expect(await liveness(service)).toEqual(alive);
  });
});

const tickMs = 1_000;
/** The latest a limit may bite: the limit, the server's sweep for it, and slack for a loaded machine. */
const latestMs = (limitMs: number) => limitMs + taskServerLimits.timeoutSweepMs + 3_000;
/** The client waits past that, so a late close is measured rather than cut off. */
const giveUpMs = (limitMs: number) => latestMs(limitMs) + 5_000;

/** All four at once: the request timeout alone is 30 s. */
describe.concurrent('slow clients', () => {
  for (const name of services) {
    it(
      `${name}: drops a task body trickled past the request timeout, answering /healthz meanwhile`,
      {
        timeout: taskServerLimits.requestTimeoutMs + 15_000,
      },
      async ({ expect }) => {
        const service = running[name];
        const limitMs = taskServerLimits.requestTimeoutMs;
        const health: Array<Promise<number>> = [];
        // 1 KB at a byte a second would take 17 minutes.
        const { answer, closedAfterMs } = await trickle(
          service.process.port,
          `POST ${service.path} HTTP/1.1\r\nHost: x\r\nAuthorization: ${service.bearer()}\r\n` +
            'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"jobId":"',
          {
            tickMs,
            giveUpMs: giveUpMs(limitMs),
            onTick: () => health.push(healthz(service)),
          },
        );
        // The app had the request, so the server closes it without an answer of its own.
        expect(answer).toBe('');
        expect(closedAfterMs).toBeGreaterThanOrEqual(limitMs - 100);
        expect(closedAfterMs).toBeLessThanOrEqual(latestMs(limitMs));
        const statuses = await Promise.all(health);
        expect(statuses.length).toBeGreaterThanOrEqual(limitMs / tickMs / 2);
        expect(statuses.filter((status) => status !== 200)).toEqual([]);
        expect(await liveness(service)).toEqual(alive);
      },
    );

    it(
      `${name}: answers 408 to a head trickled past the headers timeout`,
      {
        timeout: taskServerLimits.headersTimeoutMs + 15_000,
      },
      async ({ expect }) => {
        const service = running[name];
        const limitMs = taskServerLimits.headersTimeoutMs;
        const { answer, closedAfterMs } = await trickle(
          service.process.port,
          `POST ${service.path} HTTP/1.1\r\nHost: x\r\nX-Slow: `,
          { tickMs, giveUpMs: giveUpMs(limitMs) },
        );
        expect(statusLine(answer)).toBe('HTTP/1.1 408 Request Timeout');
        expect(closedAfterMs).toBeGreaterThanOrEqual(limitMs - 100);
        expect(closedAfterMs).toBeLessThanOrEqual(latestMs(limitMs));
        expect(await liveness(service)).toEqual(alive);
      },
    );
  }
});
