import { createServer } from 'node:http';
import { createImageApp, type ImageAppState } from './app.ts';

/** Cloud Run gives about 10 s between SIGTERM and SIGKILL. */
const drainTimeoutMs = 9_000;
const port = Number(process.env.PORT ?? 8081);

const state: ImageAppState = { accepting: true };
const server = createServer(createImageApp(state));
server.listen(port, () => log('INFO', 'image service listening', { port }));

process.once('SIGTERM', () => {
  state.accepting = false;
  log('INFO', 'SIGTERM: draining requests in flight');
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), drainTimeoutMs).unref();
});

function log(severity: string, message: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ severity, message, ...fields })}\n`);
}
