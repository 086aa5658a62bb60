import fc from 'fast-check';
import type { z } from 'zod';
import { newId } from '../../src/main/core/ids';

/**
 * Payload generators for fuzzing the dispatcher. Two kinds, mixed:
 * - hostile values of every JSON (and non-JSON) type, and
 * - "almost valid" objects shaped by the channel's own zod schema, with one or more
 *   fields swapped for hostile values, dropped, or joined by unknown/prototype keys —
 *   so the fuzz reaches the handlers, not only the schema's first check.
 */

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Numbers that break naive money/points code. */
export const nastyNumber = fc.oneof(
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -0,
    -1,
    0.5,
    1.005,
    -0.01,
    2 ** 31,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e21,
  ),
  fc.double(),
  fc.integer(),
  fc.integer({ min: -1_000_000, max: 10_000_000 }),
);

/** Strings: long, control characters, SQL, markup, unicode edge cases. */
export const nastyString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    "'; DROP TABLE staff; --",
    "' OR '1'='1",
    '" OR ""="',
    "Robert'); DELETE FROM audit_log;--",
    '%_%',
    '*',
    '\u0000',
    'a\u0000b',
    'line\nbreak',
    '\t',
    '\u202Eevil',
    '\uD800',
    '𝕏😀👨‍👩‍👧',
    '张伟',
    '王',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    'NaN',
    '1e309',
    '-1',
    '0x10',
    'null',
    'undefined',
    '__proto__',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(100_000, 10_001, 1_001, 256, 201, 81).map((n) => 'x'.repeat(n)),
  fc.constantFrom('\u0001', '\u0007', '\u001b[31m', '\u007f', '\r\n').map((c) => `ok${c}ok`),
);

/** Values that are valid often enough to get past a schema into a handler. */
const plausibleString = fc.oneof(
  fc.constantFrom('Alice', 'Zhang Wei', '张伟', '13800138000', '+8613800138000', 'a@b.cn', 'R-1001', 'CNY', 'en'),
  fc.constant(null).map(() => newId()),
  fc.constantFrom('0191b7f0-0000-7000-8000-000000000000', '00000000-0000-0000-0000-000000000000'),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const plausibleNumber = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 100_000_00 }));

/** `{"__proto__": {...}}` as JSON.parse makes it: an own property, the classic pollution vector. */
export const protoPollution = fc
  .constantFrom(...PROTO_KEYS)
  .map((k) => JSON.parse(`{"${k}": {"isAdmin": true, "role": "owner", "polluted": 1}}`) as unknown);

/** Anything at all, including prototype-pollution keys at any depth. */
export const anything: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyNumber,
    nastyString,
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...PROTO_KEYS)), tie('v'), {
      maxKeys: 4,
    }),
    protoPollution,
  ),
})).v;

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { def: Def }).def;

/** A value shaped like the schema, each leaf sometimes hostile. */
export function shapedBy(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const hostile = depth > 3 ? fc.constant(null) : anything;
  const leaf = (plausible: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: hostile });
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return fc.oneof(shapedBy(def.innerType as z.ZodType, depth), fc.constant(undefined));
    case 'pipe':
      return shapedBy(def.in as z.ZodType, depth);
    case 'lazy':
      return depth > 3 ? fc.constant(null) : shapedBy((def.getter as () => z.ZodType)(), depth + 1);
    case 'string':
      return leaf(plausibleString);
    case 'number':
    case 'int':
      return leaf(plausibleNumber);
    case 'bigint':
      return leaf(fc.bigInt());
    case 'boolean':
      return leaf(fc.boolean());
    case 'enum':
      return leaf(fc.constantFrom(...Object.values(def.entries as Record<string, string | number>)));
    case 'literal':
      return leaf(fc.constantFrom(...(def.values as unknown[])));
    case 'array':
      return leaf(fc.array(shapedBy(def.element as z.ZodType, depth + 1), { maxLength: 4 }));
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((o) => shapedBy(o, depth + 1)));
    case 'object':
      return shapedObject(def.shape as Record<string, z.ZodType>, depth);
    case 'record':
      return leaf(fc.dictionary(fc.string({ maxLength: 8 }), shapedBy(def.valueType as z.ZodType, depth + 1)));
    default:
      return hostile;
  }
}

function shapedObject(shape: Record<string, z.ZodType>, depth: number): fc.Arbitrary<unknown> {
  const keys = Object.keys(shape);
  const fields = Object.fromEntries(keys.map((k) => [k, shapedBy(shape[k], depth + 1)]));
  return fc
    .record({
      base: fc.record(fields, { requiredKeys: [] }),
      // Mostly none: strict schemas reject any unknown key, which would stop the fuzz at the door.
      extraKey: fc.oneof(
        { weight: 4, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...PROTO_KEYS, 'role', 'isAdmin', 'id'), fc.string()) },
      ),
      extraValue: anything,
    })
    .map(({ base, extraKey, extraValue }) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(base)) if (v !== undefined) out[k] = v;
      // defineProperty: `out['__proto__'] = x` would set the prototype instead of a key.
      if (extraKey !== null)
        Object.defineProperty(out, extraKey, {
          value: extraValue,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return out;
    });
}

/** The payload mix for one channel. */
export function payloadFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: shapedBy(schema) }, { weight: 1, arbitrary: anything });
}
