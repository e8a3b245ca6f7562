import fc from 'fast-check';
import type { Field, FieldRule, Fields, RequestContract } from './callable-contracts.ts';

/**
 * Requests for the callables, made from their contracts (see
 * `callable-contracts.ts`): valid ones, and hostile ones. Every hostile payload
 * is one the callable must refuse: a valid request with exactly one thing made
 * wrong (a field, a missing required field, an unknown key), or no request
 * object at all.
 */

const megabyte = 2 ** 20;

/** Outside every id alphabet: NUL, astral, RTL, lone surrogates, combining marks, zero-width, path syntax. */
export const hostileCharacters = [
  ...['\u0000', '😀', '\u{10FFFF}', '\u202E', '\u200F', 'ع', '\uD800', '\uDFFF', 'e\u0301', '\u0301'],
  ...['\u200B', '\uFEFF', '/', '.', ' ', '\n', '%2F', '#', '?', '\\', '$', '[', '*', '`', '"', '<'],
];

/** Strings of at least a megabyte (in UTF-16 units): plain, and full of hostile characters. */
export const hugeStrings = ['a'.repeat(megabyte), '😀\u202E\u0000\uD800e\u0301 '.repeat(megabyte / 4)];

/** What `trim()` removes, so a field of only these is empty. */
const trimmed = [' ', '\t', '\n', '\r', '\u00A0', '\uFEFF', '\u2028', '\u3000', ' \t\r\n '];

/** Classic prototype-pollution payloads, parsed so that `__proto__` is an own key. */
const prototypePayloads = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"__proto__":null,"prototype":{"admin":true}}',
].map((json) => JSON.parse(json) as unknown);

const specialNumbers = [NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, Number.MAX_VALUE, -Number.MAX_VALUE];
const edgeNumbers = [Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, 1e21];

const scalars: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...specialNumbers, ...edgeNumbers),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

const hostileStrings: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...hostileCharacters, 'a'), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.constantFrom('', ' ', 'true', 'false', '0', '1', 'null', 'NaN', '{}', '[]', ...hugeStrings),
);

/** Objects or arrays nested hundreds of levels deep. */
const deeplyNested = fc.tuple(fc.integer({ min: 200, max: 800 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = arrays ? [value] : { deeper: value };
  return value;
});

/** Any hostile value: a field's wrong type, or what an unknown key carries. */
export const hostileValues: fc.Arbitrary<unknown> = fc.oneof(
  scalars,
  hostileStrings,
  deeplyNested,
  fc.constantFrom(...prototypePayloads, {}, []),
  fc.array(fc.oneof(scalars, hostileStrings), { maxLength: 4 }),
);

const oddKeys = ['toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', '@type', '', '0', '$where'];

/** Keys no request declares: prototype names, hostile text, near misses of the declared ones. */
export function unknownKeys(fields: Fields): fc.Arbitrary<string> {
  const names = Object.keys(fields);
  const nearMisses = names.flatMap((name) => [`${name} `, ` ${name}`, name.toUpperCase(), `${name}\u0000`]);
  return fc
    .oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype'),
      fc.constantFrom(...oddKeys),
      fc.constantFrom(...hostileCharacters, 'a'.repeat(megabyte)),
      ...(nearMisses.length > 0 ? [fc.constantFrom(...nearMisses)] : []),
      fc.string({ unit: 'binary', maxLength: 12 }),
    )
    .filter((key) => !Object.hasOwn(fields, key));
}

/** A copy of `base` with `key` as an own property, `__proto__` included (as JSON.parse makes it). */
export function withOwn(base: object, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const otherThan = (kind: Kind) => hostileValues.filter((value) => kindOf(value) !== kind);

function numberFits(rule: Extract<FieldRule, { type: 'number' }>, value: number): boolean {
  const aboveMin = rule.aboveMin ? value > rule.min : value >= rule.min;
  return (
    Number.isFinite(value) && aboveMin && value <= rule.max && (!rule.integer || Number.isInteger(value))
  );
}

const alphanumeric = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);

/** A hostile character between id characters, so no trim removes it. */
const idsWithHostileCharacter = fc
  .tuple(alphanumeric, fc.constantFrom(...hostileCharacters), alphanumeric)
  .map((parts) => parts.join(''));

/** Requests `contract`'s callable accepts; every hostile one starts from one of them. */
export function validRequests(contract: RequestContract): fc.Arbitrary<Record<string, unknown>> {
  const valid = validObject(contract.fields);
  return contract.atLeastOneField ? valid.filter((request) => Object.keys(request).length > 0) : valid;
}

function validObject(fields: Fields): fc.Arbitrary<Record<string, unknown>> {
  const values = Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, validValue(field)]));
  const requiredKeys = Object.keys(fields).filter((name) => fields[name]!.required);
  // Null-prototype objects never come off the wire, and the web SDK cannot send them.
  return fc.record(values, { requiredKeys, noNullPrototype: true });
}

/** Values `field` accepts: the bounds themselves among them. */
export function validValue(field: Field): fc.Arbitrary<unknown> {
  const valid = field.valid ?? validForRule(field.rule);
  return field.nullable ? fc.oneof(valid, fc.constant(null)) : valid;
}

function validForRule(rule: FieldRule): fc.Arbitrary<unknown> {
  switch (rule.type) {
    case 'id':
      return fc.stringMatching(/^[A-Za-z0-9]{20}$/);
    case 'text': {
      const shortest = 'x'.repeat(rule.minChars ?? 0);
      const unicode = ` ع😀e\u0301${shortest} `;
      const fits = [unicode].filter((text) => [...text.trim()].length <= rule.maxChars);
      return fc.constantFrom(shortest, 'x'.repeat(rule.maxChars), ...fits);
    }
    case 'choice':
      return fc.constantFrom(...rule.values);
    case 'boolean':
      return fc.boolean();
    case 'number':
      return fc
        .oneof(
          rule.integer
            ? fc.integer({ min: rule.min, max: rule.max })
            : fc.double({ min: rule.min, max: rule.max }),
          fc.constantFrom(rule.min, rule.max),
        )
        .filter((value) => numberFits(rule, value));
    case 'list':
      return fc.uniqueArray(validForRule(rule.item), { maxLength: rule.maxItems });
    case 'url':
      return fc.constantFrom('https://hooks.example.test/budget', 'http://127.0.0.1:9/alerts');
    case 'object':
      return validObject(rule.fields);
  }
}

function wrongForRule(rule: FieldRule): fc.Arbitrary<unknown> {
  switch (rule.type) {
    case 'id': {
      const reserved = fc.oneof(
        fc.constant('__proto__'),
        alphanumeric.map((id) => `__${id}__`),
      );
      const strings = [fc.constantFrom('', ...hugeStrings), idsWithHostileCharacter];
      return fc.oneof(otherThan('string'), ...strings, ...(rule.documentId ? [reserved] : []));
    }
    case 'text': {
      const minChars = rule.minChars ?? 0;
      const overlong = fc.constantFrom(...hostileCharacters).map((c) => `x${c.repeat(rule.maxChars + 1)}x`);
      const blank = fc
        .tuple(fc.constantFrom(...trimmed), fc.integer({ min: 0, max: Math.max(0, minChars - 1) }))
        .map(([space, length]) => `${space}${'x'.repeat(length)}${space}`);
      const tooShort = minChars > 0 ? [blank] : [];
      // Short enough, but not storable: a lone surrogate, as half an emoji leaves.
      const broken = fc.constantFrom('x\uD800x', '\uDFFFxx', `xx${'😀'.slice(0, 1)}`);
      return fc.oneof(otherThan('string'), fc.constantFrom(...hugeStrings), overlong, broken, ...tooShort);
    }
    case 'choice': {
      const nearMisses = rule.values
        .flatMap((value) =>
          typeof value === 'string'
            ? [`${value} `, ` ${value}`, value.toUpperCase(), `${value}\u0000`]
            : [String(value), Number(value) + 0.5, -Number(value)],
        )
        .filter((miss) => !rule.values.includes(miss));
      return fc.oneof(
        hostileValues.filter((value) => !rule.values.includes(value as never)),
        ...(nearMisses.length > 0 ? [fc.constantFrom(...nearMisses)] : []),
      );
    }
    case 'boolean':
      return fc.oneof(otherThan('boolean'), fc.constantFrom('true', 'false', 0, 1, 'yes', [true]));
    case 'number': {
      const nearBounds = [rule.min - 1, rule.max + 1, rule.min - 0.5, rule.max + 0.5, rule.min + 0.5];
      const numbers = fc.oneof(
        fc.constantFrom(...specialNumbers, ...edgeNumbers, ...nearBounds),
        fc.double(),
        fc.double({ min: rule.min, max: rule.max, noNaN: true }),
      );
      return fc.oneof(
        otherThan('number'),
        fc.constantFrom('1', '', '0x10', '1e3', [1]),
        numbers.filter((value) => !numberFits(rule, value)),
      );
    }
    case 'list': {
      const items = validForRule(rule.item);
      return fc.oneof(
        otherThan('array'),
        items.map((item) => ({ 0: item, length: 1 })),
        fc.tuple(fc.array(items, { maxLength: 3 }), wrongForRule(rule.item)).map(([ok, bad]) => [...ok, bad]),
        fc.uniqueArray(items, { minLength: rule.maxItems + 1, maxLength: rule.maxItems + 3 }),
        ...(rule.distinct ? [items.map((item) => [item, item])] : []),
      );
    }
    case 'url': {
      const notHttp = [
        '',
        'ftp://example.test/a',
        'javascript:alert(1)',
        'file:///etc/passwd',
        '//example.test/a',
      ];
      const tooLong = `https://example.test/${'a'.repeat(megabyte)}`;
      return fc.oneof(otherThan('string'), fc.constantFrom(...notHttp, tooLong), idsWithHostileCharacter);
    }
    case 'object': {
      const names = Object.keys(rule.fields);
      return fc.oneof(
        otherThan('object'),
        fc.tuple(unknownKeys(rule.fields), hostileValues).map(([key, value]) => withOwn({}, key, value)),
        fc
          .constantFrom(...names)
          .chain((name) => wrongValue(rule.fields[name]!).map((value) => withOwn({}, name, value))),
      );
    }
  }
}

/** Values `field` must refuse. Never `undefined`: on an optional field that means absent. */
export function wrongValue(field: Field): fc.Arbitrary<unknown> {
  const own = field.wrong?.length ? [fc.constantFrom(...field.wrong)] : [];
  const wrong = fc.oneof(wrongForRule(field.rule), ...own);
  return field.nullable ? wrong.filter((value) => value !== null) : wrong;
}

/** Requests `contract`'s callable must refuse. */
export function hostileRequests(contract: RequestContract): fc.Arbitrary<unknown> {
  const { fields } = contract;
  const valid = validRequests(contract);
  const names = Object.keys(fields);
  const required = names.filter((name) => fields[name]!.required);
  const notARequest = fc
    .oneof(
      scalars,
      hostileStrings,
      deeplyNested.filter(Array.isArray),
      fc.array(hostileValues, { maxLength: 3 }),
      valid.map((request) => [request]),
      fc.constantFrom(null, undefined),
    )
    .filter((request) => !(contract.absentMeansEmpty && request == null));
  const fieldWrong = fc
    .constantFrom(...names)
    .chain((name) =>
      fc.tuple(valid, wrongValue(fields[name]!)).map(([base, bad]) => withOwn(base, name, bad)),
    );
  const unknownKey = fc
    .tuple(valid, unknownKeys(fields), hostileValues)
    .map(([base, key, value]) => withOwn(base, key, value));
  const missing = required.map((name) =>
    valid.map((base) => {
      const copy = { ...base };
      delete copy[name];
      return copy;
    }),
  );
  return fc.oneof(notARequest, fieldWrong, unknownKey, ...missing);
}

/**
 * What the callable wire cannot carry as it is: the web SDK throws on
 * non-finite numbers and on an own `hasOwnProperty`, and turns an own
 * `__proto__` into the prototype of what it sends (the key is lost);
 * firebase-functions reads any object with an `@type` key as a typed value.
 */
const wireMangledKeys = new Set(['__proto__', 'hasOwnProperty', '@type']);

/** Whether `value` reaches a callable over the wire unchanged in meaning. */
export function crossesTheWire(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every(crossesTheWire);
  return Object.entries(value).every(([key, item]) => !wireMangledKeys.has(key) && crossesTheWire(item));
}
