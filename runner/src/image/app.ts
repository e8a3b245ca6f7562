import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ImageAppState {
  /** False once SIGTERM arrived: Cloud Run stops routing, we finish what is in flight. */
  accepting: boolean;
}

/**
 * The image service's HTTP surface, with no port of its own, so tests drive it
 * directly. Task handling joins here in the product slice.
 */
export function createImageApp(state: ImageAppState) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (request.method === 'GET' && path === '/healthz') {
      return sendJson(response, 200, { status: 'ok' });
    }
    if (request.method === 'GET' && path === '/readyz') {
      return state.accepting
        ? sendJson(response, 200, { status: 'ready' })
        : sendJson(response, 503, { status: 'draining' });
    }
    sendJson(response, 404, {
      error: { code: 'not_found', message: `No route for ${request.method} ${path}` },
    });
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
