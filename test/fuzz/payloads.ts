import fc from 'fast-check';
import type { z } from 'zod';
import { randomUUID } from 'node:crypto';
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

/** Ids and strings of rows that exist in the fuzzed store, so handlers get past "not found". */
export interface FuzzContext {
  ids: string[];
  strings: string[];
}

/** Values that are valid often enough to get past a schema into a handler. */
function plausibleString(ctx: FuzzContext) {
  const known = [...ctx.ids, ...ctx.strings];
  return fc.oneof(
    fc.constantFrom('Alice', 'Zhang Wei', '张伟', '13800138000', '+8613800138000', 'a@b.cn', 'R-1001', 'CNY', 'en'),
    ...(known.length ? [{ weight: 3, arbitrary: fc.constantFrom(...known) }] : []),
    fc.constant(null).map(() => newId()),
    fc.constant(null).map(() => randomUUID()),
    fc.constantFrom('1234', '123456', '2000-01-31', 'goods', 'some reason'),
    fc.string({ minLength: 1, maxLength: 12 }),
  );
}
/** Field-name hints: an `opId` wants a UUID, a `memberId` an existing id, and so on. */
function hinted(key: string | undefined, ctx: FuzzContext): fc.Arbitrary<unknown> | null {
  if (!key) return null;
  const uuid = fc.constant(null).map(() => randomUUID());
  if (/^opId$/.test(key)) return uuid;
  if (/Id$/.test(key))
    return ctx.ids.length
      ? fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...ctx.ids) },
          { weight: 1, arbitrary: fc.constant(null).map(() => newId()) },
        )
      : null;
  if (/email/i.test(key)) return fc.constantFrom('fuzz@example.com', 'a.b@example.cn', 'x@y.z');
  if (/phone/i.test(key)) return fc.constantFrom('13800138000', '+8613912345678', '13912345678', '0000');
  if (/pin/i.test(key)) return fc.constantFrom('1234', '9876', '123456');
  if (/birthday|date/i.test(key)) return fc.constantFrom('2000-01-31', '1990-12-01', '2026-02-30');
  if (/receipt/i.test(key))
    return fc.oneof(
      fc.constantFrom(...ctx.strings),
      fc.constant(null).map(() => `R-${randomUUID().slice(0, 8)}`),
    );
  if (/card/i.test(key)) return fc.constantFrom(...ctx.strings, '0000000000000');
  return null;
}

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

type Mode = 'valid' | 'mixed';

const isOptional = (schema: z.ZodType) => ['optional', 'default', 'prefault'].includes(defOf(schema).type);

/**
 * A value shaped like the schema. 'valid' mode aims to pass it (required keys present,
 * plausible leaves) so the handler runs; 'mixed' swaps some leaves for hostile values.
 */
export function shapedBy(
  schema: z.ZodType,
  ctx: FuzzContext,
  mode: Mode,
  depth = 0,
  key?: string,
): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const hostile = depth > 3 ? fc.constant(null) : anything;
  const leaf = (plausible: fc.Arbitrary<unknown>) =>
    mode === 'valid' ? plausible : fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: hostile });
  const inner = (s: z.ZodType, d = depth) => shapedBy(s, ctx, mode, d, key);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return fc.oneof(inner(def.innerType as z.ZodType), fc.constant(undefined));
    case 'pipe':
      return inner(def.in as z.ZodType);
    case 'lazy':
      return depth > 3 ? fc.constant(null) : inner((def.getter as () => z.ZodType)(), depth + 1);
    case 'string': {
      const h = hinted(key, ctx);
      return leaf(
        h
          ? fc.oneof({ weight: 4, arbitrary: h }, { weight: 1, arbitrary: plausibleString(ctx) })
          : plausibleString(ctx),
      );
    }
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
      return leaf(
        fc.array(inner(def.element as z.ZodType, depth + 1), { minLength: mode === 'valid' ? 1 : 0, maxLength: 4 }),
      );
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((o) => inner(o, depth + 1)));
    case 'object':
      return shapedObject(def.shape as Record<string, z.ZodType>, ctx, mode, depth);
    case 'record':
      return leaf(fc.dictionary(fc.string({ maxLength: 8 }), inner(def.valueType as z.ZodType, depth + 1)));
    default:
      return hostile;
  }
}

function shapedObject(shape: Record<string, z.ZodType>, ctx: FuzzContext, mode: Mode, depth: number) {
  const keys = Object.keys(shape);
  const fields = Object.fromEntries(keys.map((k) => [k, shapedBy(shape[k], ctx, mode, depth + 1, k)]));
  const requiredKeys = mode === 'valid' ? keys.filter((k) => !isOptional(shape[k])) : [];
  return fc
    .record({
      base: fc.record(fields, { requiredKeys }),
      // Mostly none: strict schemas reject any unknown key, which would stop the fuzz at the door.
      extraKey:
        mode === 'valid'
          ? fc.constant(null)
          : fc.oneof(
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

/** The payload mix for one channel: near-valid, partly hostile, and anything at all. */
export function payloadFor(schema: z.ZodType, ctx: FuzzContext = { ids: [], strings: [] }): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: shapedBy(schema, ctx, 'valid') },
    { weight: 2, arbitrary: shapedBy(schema, ctx, 'mixed') },
    { weight: 1, arbitrary: anything },
  );
}
