import { OAuth2Client } from 'google-auth-library';

export interface TaskAuthOptions {
  /** The `aud` Cloud Tasks was told to put in its tokens: this service's URL. */
  audience: string;
  /** The service account Cloud Tasks signs as; every other caller is refused. */
  invokerEmail: string;
  /**
   * Where the signing certificates (`{ kid: PEM }`) come from. Undefined
   * means Google's; locally, the Cloud Tasks emulator's.
   */
  certsUrl?: string | undefined;
}

export type TaskAuthResult =
  | { ok: true; email: string }
  /**
   * 401: no token, or not one Google signed for this audience. 403: a good
   * token from someone else. 503: the signing certificates could not be
   * fetched, so the token could not be checked at all; the caller should retry.
   */
  | { ok: false; status: 401 | 403 | 503; reason: string };

export interface TaskAuthenticator {
  /** Checks an `Authorization` header value. */
  verify(authorization: string | undefined): Promise<TaskAuthResult>;
}

/** Verifies the OIDC bearer tokens Cloud Tasks attaches to each delivery. */
export function createTaskAuthenticator(options: TaskAuthOptions): TaskAuthenticator {
  const client = new OAuth2Client(
    options.certsUrl ? { endpoints: { oauth2FederatedSignonPemCertsUrl: options.certsUrl } } : {},
  );
  return {
    async verify(authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
      if (!match) return { ok: false, status: 401, reason: 'missing bearer token' };
      // Fetched apart from the check (the client caches them as the certs URL's
      // max-age allows): an outage of the certs URL says nothing about the
      // token, and refusing it as invalid would make Cloud Tasks treat a
      // passing outage like a forged call.
      let certs;
      try {
        certs = (await client.getFederatedSignonCertsAsync()).certs;
      } catch (error) {
        return {
          ok: false,
          status: 503,
          reason: `could not get the signing certificates: ${messageOf(error)}`,
        };
      }
      if (typeof certs !== 'object' || certs === null) {
        return {
          ok: false,
          status: 503,
          reason: 'the certificates URL answered something other than a key map',
        };
      }
      let payload;
      try {
        const ticket = await client.verifySignedJwtWithCertsAsync(
          match[1]!,
          certs,
          options.audience,
          client.issuers,
        );
        payload = ticket.getPayload();
      } catch (error) {
        return { ok: false, status: 401, reason: `invalid token: ${messageOf(error)}` };
      }
      if (!payload?.email) return { ok: false, status: 403, reason: 'token carries no email' };
      if (payload.email !== options.invokerEmail || payload.email_verified !== true) {
        return {
          ok: false,
          status: 403,
          reason: `caller ${bounded(payload.email)} is not the tasks invoker`,
        };
      }
      return { ok: true, email: payload.email };
    },
  };
}

/**
 * google-auth-library quotes the presented token (or its payload) in some of
 * its messages: a refusal's log line keeps the start of it, not kilobytes of
 * a caller's text.
 */
function messageOf(error: unknown): string {
  return bounded(error instanceof Error ? error.message : String(error));
}

const reasonChars = 200;
function bounded(text: string): string {
  return text.length > reasonChars ? `${text.slice(0, reasonChars)}… (${text.length} chars)` : text;
}
