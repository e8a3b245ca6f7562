import { type KeyObject, createHash, createSign, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { HttpTarget } from './task-input.ts';
import { createSelfSignedCertificatePem } from './x509.ts';

/** The issuer Google puts in ID tokens, and the one verifyIdToken accepts. */
export const googleIssuer = 'https://accounts.google.com';

const tokenLifetimeSeconds = 3600;

export interface IdTokenRequest {
  audience: string;
  serviceAccountEmail: string;
  /** Issue time in epoch ms. */
  nowMs: number;
  /**
   * Claims that replace the standard ones or add to them; one set to
   * `undefined` is left out. Cloud Tasks sends none: tests forge the tokens
   * a service must refuse (another issuer, an unverified email) with them.
   */
  claims?: Record<string, unknown>;
  /** The `kid` header. Default: this signer's own; naming another key's id lets a test impersonate it. */
  keyId?: string;
}

/** Signs Google-style service-account ID tokens with a key made at start. */
export interface OidcSigner {
  readonly keyId: string;
  signIdToken(request: IdTokenRequest): string;
  /** `{ kid: PEM certificate }`, the shape of Google's oauth2/v1/certs. */
  pemCertificates(): Record<string, string>;
  /** The JWKS of Google's oauth2/v3/certs. */
  jwks(): { keys: Array<Record<string, string>> };
}

/** The Authorization an attempt of `target` carries, when the task asked for a token. */
export function authorizationFor(signer: OidcSigner, target: HttpTarget, nowMs: number): string | undefined {
  const { oidcToken, oauthToken, url } = target;
  if (oidcToken) {
    const token = signer.signIdToken({
      audience: oidcToken.audience ?? url,
      serviceAccountEmail: oidcToken.serviceAccountEmail,
      nowMs,
    });
    return `Bearer ${token}`;
  }
  // Google access tokens are opaque; only googleapis.com could check one.
  if (oauthToken)
    return `Bearer local-access-token.${Buffer.from(oauthToken.serviceAccountEmail).toString('base64url')}`;
  return undefined;
}

export async function createOidcSigner(nowMs = Date.now()): Promise<OidcSigner> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // Google's key ids are 40 hex digits; a digest of the key gives the same shape.
  const keyId = createHash('sha1').update(spki).digest('hex');
  const certificate = createSelfSignedCertificatePem({
    privateKey,
    publicKey,
    commonName: 'cloud-tasks-emulator',
    notBefore: new Date(nowMs - 3_600_000),
    notAfter: new Date(nowMs + 365 * 24 * 3_600_000),
  });
  return new RsaOidcSigner(keyId, privateKey, publicKey, certificate);
}

class RsaOidcSigner implements OidcSigner {
  readonly keyId: string;
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #certificate: string;

  constructor(keyId: string, privateKey: KeyObject, publicKey: KeyObject, certificate: string) {
    this.keyId = keyId;
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    this.#certificate = certificate;
  }

  signIdToken(request: IdTokenRequest): string {
    const issuedAt = Math.floor(request.nowMs / 1000);
    const subject = numericSubjectFor(request.serviceAccountEmail);
    const header = { alg: 'RS256', kid: request.keyId ?? this.keyId, typ: 'JWT' };
    const claims = {
      aud: request.audience,
      azp: subject,
      email: request.serviceAccountEmail,
      email_verified: true,
      exp: issuedAt + tokenLifetimeSeconds,
      iat: issuedAt,
      iss: googleIssuer,
      sub: subject,
      ...request.claims,
    };
    const signingInput = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(this.#privateKey, 'base64url');
    return `${signingInput}.${signature}`;
  }

  pemCertificates(): Record<string, string> {
    return { [this.keyId]: this.#certificate };
  }

  jwks(): { keys: Array<Record<string, string>> } {
    const { n, e } = this.#publicKey.export({ format: 'jwk' });
    return { keys: [{ kty: 'RSA', alg: 'RS256', use: 'sig', kid: this.keyId, n: n!, e: e! }] };
  }
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Service accounts have a 21-digit numeric unique id as `sub`; derive a stable one. */
function numericSubjectFor(email: string): string {
  const digest = createHash('sha256').update(email).digest();
  const number = digest.readBigUInt64BE(0) % 10n ** 20n;
  return `1${number.toString().padStart(20, '0')}`;
}
