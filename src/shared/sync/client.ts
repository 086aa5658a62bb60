import type { AppErrorBody, Result } from '../errors';
import { syncEndpoints, type EndpointInput, type EndpointName, type EndpointOutput } from './endpoints';

/**
 * A typed client for the head office protocol over `fetch` (Node ≥ 18 and browsers). The
 * terminal's sync loop and the tests use it; a test can pass its own `fetch` to put a
 * faulty network in between (delays, drops, duplicates).
 *
 * Network failures and non-JSON answers come back as `{ ok: false, error }` with code
 * INTERNAL and `details.transport` set, so a caller has one shape to handle and can tell
 * "head office said no" from "head office was not reached" (retry with back-off).
 */
export interface SyncClientOptions {
  baseUrl: string;
  /** A terminal credential or the admin token. */
  credential?: string | null;
  fetch?: typeof fetch;
  /** Per-request timeout; default 15 s. */
  timeoutMs?: number;
}

export type SyncCall = <E extends EndpointName>(
  endpoint: E,
  input: EndpointInput<E>,
) => Promise<Result<EndpointOutput<E>>>;

export function isTransportError(error: AppErrorBody): boolean {
  return error.details?.transport !== undefined;
}

export function createSyncClient(opts: SyncClientOptions): { call: SyncCall; withCredential(c: string): SyncCall } {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.baseUrl.replace(/\/+$/, '');
  const make =
    (credential: string | null | undefined): SyncCall =>
    async (endpoint, input) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (credential) headers.authorization = `Bearer ${credential}`;
      let res: Response;
      try {
        res = await doFetch(base + syncEndpoints[endpoint].path, {
          method: 'POST',
          headers,
          body: JSON.stringify(input),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
        });
      } catch (err) {
        return transport(`Head office could not be reached: ${(err as Error).message}`, 'unreachable');
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        return transport(`Head office answered HTTP ${res.status} without JSON`, 'badResponse');
      }
      if (body && typeof body === 'object' && 'ok' in body) return body as Result<never>;
      return transport(`Head office answered HTTP ${res.status} with an unexpected body`, 'badResponse');
    };
  return { call: make(opts.credential), withCredential: (c) => make(c) };
}

function transport(message: string, kind: string): { ok: false; error: AppErrorBody } {
  return { ok: false, error: { code: 'INTERNAL', message, details: { transport: kind } } };
}
