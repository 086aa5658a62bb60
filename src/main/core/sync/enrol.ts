import { createSyncClient, isTransportError } from '../../../shared/sync';
import { stmt } from '../db/statements';
import { bindPinKey, writeChainSecrets } from './chain-secrets';
import { readSyncState, isEnrolled, type SyncDeps } from './state';

export type EnrolFailure = 'syncAlreadyEnrolled' | 'syncUnreachable' | 'syncEnrolRefused';

export interface Enrolled {
  storeId: string;
  storeName: string;
  terminalName: string;
}

/**
 * Joins the chain with the one-time code from head office: the terminal's own id is its
 * id there. The credential and the chain PIN key go to the credential store (never the
 * database file; sync/chain-secrets.ts); chain mode starts in the same transaction that
 * records the enrolment, so every write from then on has its outbox row. Data recorded before enrolment is not sent (README).
 */
export async function enrolTerminal(
  deps: SyncDeps,
  input: { serverUrl: string; code: string; name: string },
): Promise<{ ok: true; value: Enrolled } | { ok: false; reason: EnrolFailure; message: string }> {
  const state = readSyncState(deps.db);
  if (isEnrolled(state) && state.revoked_at === null) {
    return { ok: false, reason: 'syncAlreadyEnrolled', message: 'This terminal is already enrolled' };
  }
  const client = createSyncClient({
    baseUrl: input.serverUrl,
    fetch: deps.config.sync.fetch,
    timeoutMs: deps.config.sync.timeoutMs,
  });
  const res = await client.call('enrol:join', { code: input.code, terminalId: deps.terminalId, name: input.name });
  if (!res.ok) {
    const unreachable = isTransportError(res.error) || res.error.code === 'INTERNAL';
    return {
      ok: false,
      reason: unreachable ? 'syncUnreachable' : 'syncEnrolRefused',
      message: res.error.message,
    };
  }
  const now = deps.config.now();
  writeChainSecrets(deps.config.sync.credentials, { credential: res.value.credential, pinKey: res.value.pinKey });
  bindPinKey(deps.db, res.value.pinKey);
  deps.db
    .transaction(() =>
      stmt(
        deps.db,
        `UPDATE sync_state SET capture = 1, server_url = @server_url, store_id = @store_id, store_name = @store_name,
           terminal_name = @terminal_name, enrolled_at = @now, revoked_at = NULL, last_contact_at = @now,
           offline_since = NULL, last_error = NULL
         WHERE id = 1`,
      ).run({
        server_url: input.serverUrl.replace(/\/+$/, ''),
        store_id: res.value.storeId,
        store_name: res.value.storeName,
        terminal_name: input.name,
        now,
      }),
    )
    .immediate();
  return { ok: true, value: { storeId: res.value.storeId, storeName: res.value.storeName, terminalName: input.name } };
}
