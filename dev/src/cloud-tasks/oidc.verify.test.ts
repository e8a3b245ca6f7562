import { type JsonWebKey, X509Certificate, createPublicKey, createVerify } from 'node:crypto';
import { OAuth2Client } from 'google-auth-library';
import { describe, expect, it } from 'vitest';
import { createOidcSigner, googleIssuer } from './oidc.ts';

describe('OIDC signer', async () => {
  const signer = await createOidcSigner();
  const nowMs = Date.now();
  const token = signer.signIdToken({
    audience: 'https://run.example/hook',
    serviceAccountEmail: 'sa@p.iam.gserviceaccount.com',
    nowMs,
  });

  it('signs tokens that google-auth-library accepts against its certificates', async () => {
    const ticket = await new OAuth2Client().verifySignedJwtWithCertsAsync(
      token,
      signer.pemCertificates(),
      'https://run.example/hook',
      [googleIssuer],
    );
    expect(ticket.getPayload()).toMatchObject({
      iss: 'https://accounts.google.com',
      aud: 'https://run.example/hook',
      email: 'sa@p.iam.gserviceaccount.com',
      email_verified: true,
      iat: Math.floor(nowMs / 1000),
      exp: Math.floor(nowMs / 1000) + 3600,
    });
    expect(ticket.getPayload()?.sub).toMatch(/^\d{21}$/);
  });

  it('publishes a valid self-signed X.509 certificate under the token kid', () => {
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<
      string,
      string
    >;
    expect(header).toEqual({ alg: 'RS256', kid: signer.keyId, typ: 'JWT' });
    const certificate = new X509Certificate(signer.pemCertificates()[signer.keyId]!);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(new Date(certificate.validTo).getTime()).toBeGreaterThan(nowMs);
  });

  it('publishes the same key as a JWKS', () => {
    const [jwk] = signer.jwks().keys;
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: signer.keyId });
    const [signingInput, signature] = [token.split('.').slice(0, 2).join('.'), token.split('.')[2]!];
    const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    expect(createVerify('RSA-SHA256').update(signingInput).verify(key, signature, 'base64url')).toBe(true);
  });
});
