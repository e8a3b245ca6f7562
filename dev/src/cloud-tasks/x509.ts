import { type KeyObject, createSign, randomBytes } from 'node:crypto';

/**
 * A minimal self-signed X.509 v3 certificate (RSA, SHA-256), because Google's
 * `oauth2/v1/certs` endpoint serves certificates, not bare keys, and some
 * verifiers insist on that. node:crypto can read certificates but not make
 * them, so this writes the few DER structures needed.
 */
export function createSelfSignedCertificatePem(options: {
  privateKey: KeyObject;
  publicKey: KeyObject;
  commonName: string;
  notBefore: Date;
  notAfter: Date;
}): string {
  const sha256WithRsa = sequence(objectIdentifier('1.2.840.113549.1.1.11'), derNull());
  const name = sequence(set(sequence(objectIdentifier('2.5.4.3'), utf8String(options.commonName))));
  const serial = randomBytes(16);
  serial[0]! &= 0x7f; // keep the serial positive
  const toBeSigned = sequence(
    contextExplicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    sha256WithRsa,
    name,
    sequence(time(options.notBefore), time(options.notAfter)),
    name,
    options.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = createSign('sha256').update(toBeSigned).sign(options.privateKey);
  const certificate = sequence(toBeSigned, sha256WithRsa, bitString(signature));
  const base64Lines = certificate.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${base64Lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function encode(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function sequence(...parts: Buffer[]): Buffer {
  return encode(0x30, Buffer.concat(parts));
}

function set(...parts: Buffer[]): Buffer {
  return encode(0x31, Buffer.concat(parts));
}

function contextExplicit(tagNumber: number, content: Buffer): Buffer {
  return encode(0xa0 | tagNumber, content);
}

function integer(unsignedBigEndian: Buffer): Buffer {
  let start = 0;
  while (start < unsignedBigEndian.length - 1 && unsignedBigEndian[start] === 0) start += 1;
  const trimmed = unsignedBigEndian.subarray(start);
  // A set top bit would read as negative; DER then needs a leading zero.
  const content = trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return encode(0x02, content);
}

function derNull(): Buffer {
  return Buffer.from([0x05, 0x00]);
}

function bitString(bytes: Buffer): Buffer {
  return encode(0x03, Buffer.concat([Buffer.from([0]), bytes]));
}

function utf8String(text: string): Buffer {
  return encode(0x0c, Buffer.from(text, 'utf8'));
}

function objectIdentifier(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return encode(0x06, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return date.getUTCFullYear() < 2050
    ? encode(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : encode(0x18, Buffer.from(`${iso}Z`));
}
