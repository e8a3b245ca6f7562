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
  /** 401: no token, or not one Google signed for this audience. 403: a good token from someone else. */
  | { ok: false; status: 401 | 403; reason: string };

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
      let payload;
      try {
        const ticket = await client.verifyIdToken({ idToken: match[1]!, audience: options.audience });
        payload = ticket.getPayload();
      } catch (error) {
        return { ok: false, status: 401, reason: `invalid token: ${(error as Error).message}` };
      }
      if (!payload?.email) return { ok: false, status: 403, reason: 'token carries no email' };
      if (payload.email !== options.invokerEmail || payload.email_verified !== true) {
        return { ok: false, status: 403, reason: `caller ${payload.email} is not the tasks invoker` };
      }
      return { ok: true, email: payload.email };
    },
  };
}
