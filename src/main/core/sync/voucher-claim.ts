import { createHash } from 'node:crypto';
import type { Refusal } from '../../../shared/contract/refusals';
import { refusal, type AppError } from '../errors';
import { clientFor, failureOf } from './remote';
import { readSyncState, recordFailure, type SyncDeps } from './state';

/**
 * Using a voucher in chain mode (issue 12): a voucher is one chain-wide, so while online
 * head office decides its use, as it decides an online redemption. The dispatcher (step
 * 5c) first probes the handler (every local refusal answers before head office is
 * asked), then asks `vouchers:claim` with the channel's op id — one UPDATE … WHERE unused
 * at head office, so of two terminals only one wins, and a retry is the same claim. The
 * op id is also the pushed `voucher.use` op's (the channel's first op), so head office
 * recognises it as that claim. Used elsewhere: a refusal naming where and when, and
 * nothing is recorded here. Unreachable, failing, or a voucher head office does not
 * know yet (issued here, not pushed): the use is recorded locally as before, and the push
 * decides — at most one extra use per terminal holding it unused.
 *
 * The channels that use a voucher, and the op id its claim (and its pushed `voucher.use`)
 * carries: the channel's own for `points:useVoucher` (its first op); for a bill with a
 * voucher the award op has that id, so the use takes one derived from it (outbox-step.ts
 * derives the same). A bill that also spends points is left to the push (its head office
 * debit is decided in step 5b and must not be orphaned by a refusal here).
 */
export function voucherClaimOf(
  channel: string,
  input: unknown,
  spendsPoints: boolean,
): { opId: string; voucherId: string; receiptNo: string | null } | null {
  const i = input as { opId?: string; voucherId?: string; receiptNo?: string };
  if (!i.opId || !i.voucherId) return null;
  if (channel === 'points:useVoucher') return { opId: i.opId, voucherId: i.voucherId, receiptNo: i.receiptNo ?? null };
  if (channel === 'points:award' && !spendsPoints) {
    return { opId: voucherUseOpId(i.opId, i.voucherId), voucherId: i.voucherId, receiptNo: i.receiptNo ?? null };
  }
  return null;
}

/**
 * A stable op id for a voucher's use within another op (same inputs, same id: retries are
 * one claim): an RFC 9562 version 8 UUID (name-based, SHA-256) — the uuid package's v5 is
 * SHA-1 and would change the ids of uses already claimed but not yet pushed.
 */
export function voucherUseOpId(channelOpId: string, voucherId: string): string {
  const h = createHash('sha256').update(`voucher.use:${channelOpId}:${voucherId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Null: go ahead (claimed, or offline). An error: head office refused the use. */
export async function claimVoucherOnline(
  deps: SyncDeps,
  req: { opId: string; voucherId: string; receiptNo: string | null },
): Promise<AppError | null> {
  const state = readSyncState(deps.db);
  if (state.revoked_at !== null) return null;
  let call;
  try {
    call = clientFor(deps, state);
  } catch {
    return null;
  }
  const res = await call('vouchers:claim', { ...req, usedAt: deps.config.now() });
  if (res.ok) return null;
  const reason = res.error.details?.reason;
  if (res.error.code === 'CONFLICT' && reason === 'voucherUsed') {
    const usedAt = Number(res.error.details?.usedAt ?? 0);
    const usedStore = String(res.error.details?.usedStore ?? '?');
    // The instant as data: the renderer writes it in the reader's language and way
    // (`{{usedAt, localTime}}`); the message (logs) says it in ISO UTC, never this terminal's zone.
    return refusal(
      'voucherUsedInChain' satisfies Refusal,
      { usedAt, usedStore, headOffice: true },
      { message: `This voucher was already used at ${usedStore} on ${new Date(usedAt).toISOString()}` },
    );
  }
  if (res.error.code === 'CONFLICT' && reason === 'voucherWithdrawn') {
    return refusal('voucherWithdrawn', { headOffice: true });
  }
  // Unreachable or failing: the offline rule applies; a voucher head office does not know
  // yet is recorded here and pushed.
  const failure = failureOf(res.error);
  if (failure.kind !== 'refused') recordFailure(deps.db, deps.config.now(), failure);
  return null;
}
