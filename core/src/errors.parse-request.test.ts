import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PhoenixError, parseRequest } from './errors.ts';

const schema = z.object({ params: z.object({ count: z.number().int().min(1).max(4) }) });

describe('parseRequest', () => {
  it('returns the parsed value when the input is valid', () => {
    expect(parseRequest(schema, { params: { count: 2 } })).toEqual({ params: { count: 2 } });
  });

  it('throws invalid_argument naming the nested field at fault', () => {
    let caught: unknown;
    try {
      parseRequest(schema, { params: { count: 9 } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PhoenixError);
    const error = caught as PhoenixError;
    expect(error.code).toBe('invalid_argument');
    expect(error.httpsCode).toBe('invalid-argument');
    expect(error.field).toBe('params.count');
    expect(error.message).toMatch(/^params\.count: /);
  });

  it('reports a top-level type error without a field', () => {
    expect(() => parseRequest(schema, 'nope')).toThrow(/^Invalid request: /);
  });
});

describe('PhoenixError', () => {
  it('defaults to the human message of its code', () => {
    const error = new PhoenixError('unauthenticated');
    expect(error.message).toBe('You are signed out. Sign in and try again.');
    expect(error.httpsCode).toBe('unauthenticated');
  });

  it('refuses an object that inherits fields, as a decoder honouring __proto__ makes, naming where', () => {
    const strict = z
      .object({ echo: z.string().optional(), inner: z.object({}).strict().optional() })
      .strict();
    const inheriting = Object.create({ echo: 'inherited' }) as object;
    expect(() => parseRequest(strict, inheriting)).toThrow(/Invalid request: Send plain JSON/);
    const nested = { inner: Object.create({ extra: 1 }) as object };
    expect(() => parseRequest(strict, nested)).toThrow(expect.objectContaining({ field: 'inner' }));
    expect(parseRequest(strict, JSON.parse('{"echo":"sent"}'))).toEqual({ echo: 'sent' });
    expect(parseRequest(strict, Object.assign(Object.create(null) as object, { echo: 'x' }))).toEqual({
      echo: 'x',
    });
  });
});
