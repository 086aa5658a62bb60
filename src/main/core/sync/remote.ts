import { createSyncClient, isTransportError, type SyncCall } from '../../../shared/sync';
import type { AppErrorBody } from '../../../shared/errors';
import { readChainSecrets } from './chain-secrets';
import { SyncFailure, type SyncDeps, type SyncStateRow } from './state';

/** The typed head office client for this terminal, with its stored credential. */
export function clientFor(deps: SyncDeps, state: SyncStateRow): SyncCall {
  const credential = readChainSecrets(deps.config.sync.credentials)?.credential;
  if (!state.server_url || !credential)
    throw new SyncFailure('This terminal holds no head office credential', 'revoked');
  return createSyncClient({
    baseUrl: state.server_url,
    credential,
    fetch: deps.config.sync.fetch,
    timeoutMs: deps.config.sync.timeoutMs,
  }).call;
}

/** Head office's "no" as a failure of the round: revoked (stop) or anything else (back off, retry). */
export function failureOf(error: AppErrorBody): SyncFailure {
  if (isTransportError(error)) return new SyncFailure(error.message, 'unreachable');
  const reason = error.details?.reason;
  if (error.code === 'UNAUTHENTICATED' || (error.code === 'FORBIDDEN' && reason === 'terminalRevoked')) {
    return new SyncFailure(`Head office refused this terminal: ${error.message}`, 'revoked');
  }
  if (error.code === 'INTERNAL') return new SyncFailure(`Head office failed: ${error.message}`, 'unreachable');
  return new SyncFailure(`Head office refused the request: ${error.code} ${error.message}`, 'refused');
}
