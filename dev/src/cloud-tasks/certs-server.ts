import http from 'node:http';
import { type FaultSwitch, isFaultSwitchRequest, serveFaultSwitch } from '../test-support/fault-switch.ts';
import type { OidcSigner } from './oidc.ts';
import { googleIssuer } from './oidc.ts';

/** Paths Google serves its ID-token keys under, mirrored here. */
export const pemCertsPath = '/oauth2/v1/certs';
export const jwksPath = '/oauth2/v3/certs';
export const healthPath = '/healthz';

/**
 * The emulator's HTTP side: the signing key as Google publishes its own
 * (PEM certificates and JWKS), a discovery document, a health check, and
 * the fault switch that turns duplicate deliveries on and off.
 */
export function createCertsServer(signer: OidcSigner, faults: FaultSwitch): http.Server {
  return http.createServer((request, response) => {
    if (isFaultSwitchRequest(request)) {
      void serveFaultSwitch(request, response, faults);
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    switch (path) {
      case pemCertsPath:
        sendJson(response, signer.pemCertificates());
        return;
      case jwksPath:
        sendJson(response, signer.jwks());
        return;
      case '/.well-known/openid-configuration': {
        const origin = `http://${request.headers.host ?? 'localhost'}`;
        sendJson(response, {
          issuer: googleIssuer,
          jwks_uri: `${origin}${jwksPath}`,
          id_token_signing_alg_values_supported: ['RS256'],
          subject_types_supported: ['public'],
          response_types_supported: ['id_token'],
        });
        return;
      }
      case healthPath:
        response.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
        return;
      default:
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    }
  });
}

function sendJson(response: http.ServerResponse, body: unknown): void {
  // Unlike Google's keys, this one changes whenever the emulator restarts, so
  // verifiers must not keep a stale copy (google-auth-library refetches when
  // no max-age is given).
  response
    .writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(JSON.stringify(body));
}
