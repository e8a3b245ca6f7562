import { describe, expect, it } from 'vitest';
import { buildPingResponse, pingRequestSchema } from './ping.ts';

describe('pingRequestSchema', () => {
  it('accepts an empty request', () => {
    expect(pingRequestSchema.parse({})).toEqual({});
  });

  it('trims the echo and accepts exactly 200 characters', () => {
    expect(pingRequestSchema.parse({ echo: `  ${'a'.repeat(200)}  ` }).echo).toHaveLength(200);
  });

  it('refuses an echo over 200 characters', () => {
    expect(pingRequestSchema.safeParse({ echo: 'a'.repeat(201) }).success).toBe(false);
  });

  it('refuses an echo with half an emoji in it', () => {
    expect(pingRequestSchema.safeParse({ echo: 'hi \uD83D' }).success).toBe(false);
  });

  it('refuses unknown fields, so typos surface instead of being ignored', () => {
    expect(pingRequestSchema.safeParse({ echoo: 'hi' }).success).toBe(false);
  });
});

describe('buildPingResponse', () => {
  it('echoes the uid and message with the server time', () => {
    const now = new Date('2026-01-02T03:04:05.000Z');
    expect(buildPingResponse('u1', { echo: 'hi' }, now)).toEqual({
      uid: 'u1',
      echo: 'hi',
      at: '2026-01-02T03:04:05.000Z',
    });
    expect(buildPingResponse('u1', {}, now).echo).toBeNull();
  });
});
