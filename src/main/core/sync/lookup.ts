import type { MemberWithBalance } from '../../../shared/sync';
import { applyChanges } from './pull';
import { clientFor } from './remote';
import { isEnrolled, readSyncState, withoutCapture, type SyncDeps } from './state';

export type LookupOutcome =
  { kind: 'found'; memberIds: string[] } | { kind: 'notFound' } | { kind: 'unavailable'; message: string };

/**
 * A card or phone this store does not know, asked of head office: what it finds is
 * written here (member and balance, like a pulled change) so the counter can go on
 * with it offline too. A merged registration comes back as its survivor.
 */
export async function lookupOnline(
  deps: SyncDeps,
  query: { cardNumber: string } | { phone: string },
): Promise<LookupOutcome> {
  const state = readSyncState(deps.db);
  if (!isEnrolled(state) || state.revoked_at !== null) return { kind: 'unavailable', message: 'Not in a chain' };
  let call;
  try {
    call = clientFor(deps, state);
  } catch (err) {
    return { kind: 'unavailable', message: (err as Error).message };
  }
  const res = await call('members:lookup', query);
  if (!res.ok)
    return res.error.code === 'NOT_FOUND' ? { kind: 'notFound' } : { kind: 'unavailable', message: res.error.message };
  const matches: MemberWithBalance[] = res.value.matches;
  if (matches.length === 0) return { kind: 'notFound' };
  const now = deps.config.now();
  withoutCapture(deps.db, () =>
    applyChanges(
      deps.db,
      matches.flatMap((m) => [
        { entity: 'member' as const, data: m.member },
        { entity: 'balance' as const, data: m.balance },
      ]),
      now,
      deps.terminalId,
    ),
  );
  return { kind: 'found', memberIds: matches.map((m) => m.member.id) };
}
