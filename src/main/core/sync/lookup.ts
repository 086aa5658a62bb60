import type { MemberWithBalance } from '../../../shared/sync';
import { applyChanges } from './pull';
import { clientFor, failureOf } from './remote';
import { isEnrolled, readSyncState, withoutCapture, type SyncDeps } from './state';

/**
 * `unreachable`: head office could not be asked (network, timeout, head office failing) —
 * only then may the counter record an unknown card provisionally. A refusal of this
 * terminal (revoked, no credential) or any other answer is not unreachable.
 */
export type LookupOutcome =
  | { kind: 'found'; memberIds: string[] }
  | { kind: 'notFound' }
  | { kind: 'unavailable'; message: string; unreachable: boolean };

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
  if (!isEnrolled(state) || state.revoked_at !== null)
    return { kind: 'unavailable', message: 'Not in a chain', unreachable: false };
  let call;
  try {
    call = clientFor(deps, state);
  } catch (err) {
    return { kind: 'unavailable', message: (err as Error).message, unreachable: false };
  }
  const res = await call('members:lookup', query);
  if (!res.ok) {
    if (res.error.code === 'NOT_FOUND') return { kind: 'notFound' };
    return {
      kind: 'unavailable',
      message: res.error.message,
      unreachable: failureOf(res.error).kind === 'unreachable',
    };
  }
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
