import { createHash } from 'node:crypto';

/**
 * The digest that decides "same operation" for idempotency: SHA-256 over a canonical
 * JSON (object keys sorted, undefined dropped), so two encodings of the same payload —
 * keys in another order, as a retry from another code path may produce — hash the same.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

export function payloadHash(...parts: unknown[]): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}
