import type { RedemptionResult, StaffClaim } from '../../../shared/sync';
import type { AppErrorBody } from '../../../shared/errors';
import type { Db } from '../db/open-database';
import type { Refuse } from '../context';
import { refusal, type AppError } from '../errors';
import { clientFor, failureOf } from './remote';
import { syncRound } from './round';
import { readSyncState, recordFailure, type SyncDeps } from './state';
import { readChainBalance } from './status';
import { offlineSpentSince } from './offline-spend';
import { noteHoldLink, noteOnlineLink } from './online-links';
import { keepBalance } from './kept-balance';
import { drawOnHold, holdForOnlineSpend, openHold, spentFromHoldOnline } from './holds';

/**
 * Spending chain points at the counter (issue 12): a redemption or a bill paid with
 * points moves the member's ONE chain balance, which only head office knows for sure.
 *
 * The dispatcher (step 5b) runs the channel's handler once as a probe in a transaction it
 * rolls back: every local refusal (PIN, stock, receipt, pay cap…) answers before head
 * office is asked, and the probe learns who spends how much. Then, outside any
 * transaction: a sync round (this terminal's own unpushed earning reaches head office
 * first, and the round tells whether head office is reachable), then `redeem:online` —
 * head office debits with `balance − held ≥ cost` in one statement, idempotent by the
 * channel's op id (a retry is the same redemption). Then the handler runs for real with
 * the decision:
 * - online: head office already journaled the debit; the outbox op links it
 *   (`onlineRedemptionId`), so it is checked there, never journaled twice;
 * - offline (unreachable): the spend is allowed within what this terminal knows of the
 *   chain balance AND within the store's allowance per member per outage
 *   (`chainOfflineAllowancePoints`, default 500) — or within this terminal's hold for the
 *   member (holds.ts), whose op then names the hold (a redemption's `points.ledger`, a
 *   bill's `points.award`); above both `needsConnection`.
 * The rules' `minBalanceToSpend` goes to head office with the request: tested there on
 * its own balance in the debit's statement (the probe's balance is unlimited).
 * A standalone terminal never gets here: the handler sees no decision and checks its own
 * ledger as it always did.
 */
export type ChainSpend =
  | { mode: 'probe'; request: SpendRequest | null }
  | { mode: 'online'; memberId: string; points: number; holdId: string | null; result: RedemptionResult }
  | { mode: 'offline'; outageSince: number }
  /** The probe refused; the real run should refuse the same way (and keep its writes). */
  | { mode: 'recheck' };

export interface SpendRequest {
  memberId: string;
  points: number;
  /** The rules' `minBalanceToSpend`: head office tests it on its own balance, in the debit's statement. */
  minBalance: number;
}

/** What a spending handler needs to know from the decision, or null on a standalone terminal. */
export interface SpendCheck {
  /** The balance to test caps and minimums against (head office decides the rest). */
  balance: number;
  /** After the debit entry is written: links it to head office's redemption (online) or to the hold it drew on (offline). */
  entry(entryId: string): void;
  /** The balance the counter shows after the spend: the chain's (the local ledger holds only this store's part). */
  shownAfter(local: number): number;
}

/** The channels that spend points, and how many their input asks for (null: the handler knows). */
export function spendsPoints(channel: string, input: unknown): boolean {
  if (channel === 'rewards:redeem') return true;
  if (channel === 'points:award') {
    const i = input as { pointsToUse?: number; rewardId?: string };
    return (i.pointsToUse ?? 0) > 0 || i.rewardId !== undefined;
  }
  return false;
}

// ------------------------------------------------------------------ the handler's side

const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * Called by a spending handler where it would check the member's balance. Null: not in
 * chain mode, check the local ledger as always. Otherwise the handler skips its own
 * "enough points" test (head office or the offline allowance decides here) and tests
 * caps and minimums against `balance`.
 */
export function checkChainSpend(
  ctx: {
    db: Db;
    now(): number;
    chainSpend?: ChainSpend;
    settings(): { chainOfflineAllowancePoints: number };
    refuse: Refuse<'needsConnection' | 'insufficientPoints'>;
  },
  memberId: string,
  points: number,
  opts: { minBalance?: number } = {},
): SpendCheck | null {
  const d = ctx.chainSpend;
  if (!d) return null;
  const none = () => {};
  // A bill with a bill reward and points paid writes two debit entries for one spend: each
  // is linked, the hold is drawn on once.
  const once = (draw: () => void) => {
    let done = false;
    return () => {
      if (!done) draw();
      done = true;
    };
  };
  switch (d.mode) {
    case 'probe':
      d.request = { memberId, points, minBalance: opts.minBalance ?? 0 };
      return { balance: NO_LIMIT, entry: none, shownAfter: (local) => local };
    case 'recheck':
      // The probe refused and this run did not: the store changed in between. Ask again.
      throw ctx.refuse('needsConnection', { retry: true }, { message: 'Please try again' });
    case 'online': {
      if (d.memberId !== memberId || d.points !== points) {
        throw new Error(`head office decided ${d.points} pts for ${d.memberId}, the handler spends ${points}`);
      }
      const fromHold = once(() => {
        if (d.holdId !== null) spentFromHoldOnline(ctx.db, memberId, d.holdId, points);
      });
      return {
        balance: NO_LIMIT,
        entry: (entryId) => {
          noteOnlineLink(ctx.db, entryId, d.result.redemptionId);
          keepBalance(ctx.db, d.result.balance);
          fromHold();
        },
        // Head office's balance now includes the debit; this op adds nothing "here".
        shownAfter: () => readChainBalance(ctx.db, memberId).total,
      };
    }
    case 'offline': {
      const known = readChainBalance(ctx.db, memberId);
      // Head office counts this terminal's own hold as held: here it is the member's to spend.
      const hold = openHold(ctx.db, memberId, ctx.now());
      const available = known.total - known.held + (hold?.remaining ?? 0);
      if (points > available) {
        throw ctx.refuse('insufficientPoints', { balance: available, cost: points, chain: true });
      }
      if (hold && points <= hold.remaining) {
        const draw = once(() => drawOnHold(ctx.db, memberId, hold.holdId, points));
        return {
          balance: available,
          entry: (entryId) => {
            draw();
            noteHoldLink(ctx.db, entryId, hold.holdId);
          },
          shownAfter: () => known.total - points,
        };
      }
      const allowance = ctx.settings().chainOfflineAllowancePoints;
      const left = Math.max(0, allowance - offlineSpentSince(ctx.db, memberId, d.outageSince));
      const holdLeft = hold?.remaining ?? 0;
      if (points > left) {
        // allowanceLeft: the most this member may still spend here in one go (the counter's text says it).
        throw ctx.refuse(
          'needsConnection',
          { allowance, allowanceLeft: Math.max(left, holdLeft), cost: points, holdLeft },
          { message: `Head office cannot be reached: this member may spend ${left} more points offline` },
        );
      }
      return { balance: available, entry: none, shownAfter: () => known.total - points };
    }
  }
}

// ------------------------------------------------------------------ the dispatcher's side

export type Decision =
  | { kind: 'decided'; spend: ChainSpend }
  /** Head office said no: the channel's own refusal. */
  | { kind: 'refused'; error: AppError };

/**
 * Step 5b, outside any transaction: head office decides, or the terminal is offline.
 * Only transport failures (and head office failing) count as offline: a "no" from head
 * office is the answer.
 */
export async function decideChainSpend(
  deps: SyncDeps,
  req: SpendRequest & { opId: string; staff: StaffClaim | null },
): Promise<Decision> {
  const offline = (): Decision => {
    const since = readSyncState(deps.db).offline_since ?? deps.config.now();
    return { kind: 'decided', spend: { mode: 'offline', outageSince: since } };
  };
  const state = readSyncState(deps.db);
  if (state.revoked_at !== null) return offline();
  const round = await syncRound(deps);
  if (!round.ok && round.failure !== 'refused') return offline();
  let call;
  try {
    call = clientFor(deps, readSyncState(deps.db));
  } catch {
    return offline();
  }
  // A hold of this terminal's for the member: spend from it, or give it back first
  // (holds.ts). Online any spend may come out of the hold: its op links the redemption.
  const holdId = await holdForOnlineSpend(deps, req.memberId, req.points);
  const res = await call('redeem:online', {
    opId: req.opId,
    memberId: req.memberId,
    points: req.points,
    holdId,
    ...(req.minBalance > 0 ? { minBalance: req.minBalance } : {}),
    staff: req.staff,
  });
  if (res.ok) {
    return {
      kind: 'decided',
      spend: { mode: 'online', memberId: req.memberId, points: req.points, holdId, result: res.value },
    };
  }
  return refusalOf(deps, req, res.error) ?? offline();
}

function refusalOf(deps: SyncDeps, req: SpendRequest, error: AppErrorBody): Decision | null {
  const reason = error.details?.reason;
  if (error.code === 'CONFLICT' && reason === 'belowMinBalance') {
    const available = Number(error.details?.available ?? 0);
    return {
      kind: 'refused',
      error: refusal(
        'belowMinBalance',
        { minBalance: req.minBalance, balance: available, headOffice: true },
        { message: `Points can be spent from a balance of ${req.minBalance}; head office has ${available}` },
      ),
    };
  }
  if (error.code === 'CONFLICT' && reason === 'insufficientPoints') {
    const available = Number(error.details?.available ?? 0);
    return {
      kind: 'refused',
      error: refusal(
        'insufficientPoints',
        { balance: available, cost: req.points, headOffice: true },
        { message: `Not enough points at head office: ${available} of ${req.points}` },
      ),
    };
  }
  // Unreachable, head office failing, or refusing this terminal: the offline rules apply
  // (a member head office does not know yet — registered here, not pushed — included).
  const failure = failureOf(error);
  if (failure.kind !== 'refused') recordFailure(deps.db, deps.config.now(), failure);
  return null;
}
