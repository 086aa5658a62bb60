import type { HoldResult, StaffClaim } from '../../../shared/sync';
import type { Db, ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';
import { deleteMeta, metaWithPrefix, readMeta, writeMeta } from '../meta';
import { newId } from '../ids';
import { clientFor } from './remote';
import { isEnrolled, readSyncState, type SyncDeps } from './state';
import { keepBalance } from './kept-balance';

/**
 * Holds at the terminal (issue 12): points of a member reserved at head office for THIS
 * terminal while online, so that if head office becomes unreachable mid-visit the member
 * can still spend them here — offline the member may spend max(what is left of the
 * allowance, what is left of the hold), and a spend that draws on the hold names it when
 * pushed, so head office takes it out of the hold instead of overdrawing.
 *
 * When: the counter asks for a hold when a member is opened (`sync:hold`, sent by the
 * renderer in the background as the member's balance is shown). A store expects the
 * member in front of the cashier to be able to spend what they see; an explicit "hold"
 * button would be pressed only after the link is already down, when it is too late to
 * ask head office. Opening a member again while a hold is open keeps it (no new request).
 *
 * Where: until this terminal's migration 020 can land (schema versions are consecutive
 * and 018/019 are not on main yet) a hold is one `meta` row per member
 * (`chain_hold:<memberId>`, JSON) — durable, written in the same transactions as the
 * spends that draw on it. Head office expires holds itself (lazily, by its clock); here an
 * expired hold is simply no longer spendable and its row is dropped at the next hold.
 */
export interface LocalHold {
  holdId: string;
  memberId: string;
  points: number;
  /** Drawn on by offline spends here (their ops name the hold). */
  spent: number;
  expiresAt: number;
  takenAt: number;
}

const KEY = (memberId: string) => `chain_hold:${memberId}`;

function readHold(db: ReadDb, memberId: string): LocalHold | null {
  const v = readMeta(db, KEY(memberId));
  return v === null ? null : (JSON.parse(v) as LocalHold);
}

function writeHold(db: Db, h: LocalHold): void {
  writeMeta(db, KEY(h.memberId), JSON.stringify(h));
}

export function dropHold(db: Db, memberId: string): void {
  deleteMeta(db, KEY(memberId));
}

/** This terminal's open hold for the member (not expired, points left), or null. */
export function openHold(db: ReadDb, memberId: string, now: number): (LocalHold & { remaining: number }) | null {
  const h = readHold(db, memberId);
  if (!h || h.expiresAt <= now || h.spent >= h.points) return null;
  return { ...h, remaining: h.points - h.spent };
}

/** An offline spend drew `points` from the hold (in the spend's own transaction). */
export function drawOnHold(db: Db, memberId: string, holdId: string, points: number): void {
  const h = readHold(db, memberId);
  if (!h || h.holdId !== holdId) throw new Error(`no hold ${holdId} for ${memberId}`);
  writeHold(db, { ...h, spent: h.spent + points });
}

/** Expired holds are dropped (head office expires them by itself). */
function dropExpired(db: Db, now: number): void {
  for (const r of metaWithPrefix(db, 'chain_hold:')) {
    if ((JSON.parse(r.value) as LocalHold).expiresAt <= now) deleteMeta(db, r.key);
  }
}

export type HoldOutcome =
  | { kind: 'off' }
  | { kind: 'kept'; hold: LocalHold }
  | { kind: 'taken'; hold: LocalHold }
  /** Nothing free to hold, or head office not reachable: offline spending is the allowance alone. */
  | { kind: 'none'; reason: 'noPoints' | 'unavailable' };

/**
 * Takes a hold for the member if the store asks for holds and there is none open: up to
 * `chainHoldPoints`, no more than head office last said is free (head office decides
 * again, atomically; a "not that many" answer is asked once more with what it has).
 */
export async function takeHoldFor(
  deps: SyncDeps,
  settings: { chainHoldPoints: number; chainHoldMinutes: number },
  memberId: string,
  /** Who opened the member (head office keeps it with the hold's request). */
  staff: StaffClaim | null = null,
): Promise<HoldOutcome> {
  if (settings.chainHoldPoints <= 0) return { kind: 'off' };
  const now = deps.config.now();
  const state = readSyncState(deps.db);
  if (!isEnrolled(state) || state.capture !== 1 || state.revoked_at !== null) return { kind: 'off' };
  const open = openHold(deps.db, memberId, now);
  if (open) return { kind: 'kept', hold: open };
  dropExpired(deps.db, now);
  let call;
  try {
    call = clientFor(deps, state);
  } catch {
    return { kind: 'none', reason: 'unavailable' };
  }
  const known = stmt(deps.db, 'SELECT balance - held FROM sync_balances WHERE member_id = ?').pluck().get(memberId) as
    number | undefined;
  let want = Math.min(settings.chainHoldPoints, known ?? settings.chainHoldPoints);
  for (let attempt = 0; attempt < 2 && want > 0; attempt++) {
    const res = await call('holds:take', {
      opId: newId(),
      memberId,
      points: want,
      ttlMinutes: settings.chainHoldMinutes,
      staff,
    });
    // Expiry by this terminal's clock from before the request: never later than head
    // office's own (its clock may differ from ours; the time the request took only shortens it).
    if (res.ok) return { kind: 'taken', hold: keepHold(deps.db, res.value, now, settings.chainHoldMinutes) };
    if (res.error.code === 'CONFLICT' && res.error.details?.reason === 'insufficientPoints') {
      want = Math.min(want - 1, Number(res.error.details?.available ?? 0));
      continue;
    }
    return { kind: 'none', reason: res.error.code === 'NOT_FOUND' ? 'noPoints' : 'unavailable' };
  }
  return { kind: 'none', reason: 'noPoints' };
}

function keepHold(db: Db, r: HoldResult, now: number, ttlMinutes: number): LocalHold {
  const hold: LocalHold = {
    holdId: r.holdId,
    memberId: r.memberId,
    points: r.points,
    spent: 0,
    expiresAt: now + ttlMinutes * 60_000,
    takenAt: now,
  };
  db.transaction(() => {
    writeHold(db, hold);
    keepBalance(db, r.balance);
  })();
  return hold;
}

/**
 * Online, a spend at the terminal that holds points for the member: head office counts
 * the hold as held, so the spend either comes out of the hold (`holdId`) or — when it is
 * larger than what is left — the hold is given back first and the spend decided on the
 * whole free balance. Returns the hold id to spend from, or null.
 */
export async function holdForOnlineSpend(deps: SyncDeps, memberId: string, points: number): Promise<string | null> {
  const open = openHold(deps.db, memberId, deps.config.now());
  if (!open) return null;
  if (open.remaining >= points) return open.holdId;
  try {
    const res = await clientFor(deps, readSyncState(deps.db))('holds:release', { holdId: open.holdId });
    if (res.ok) {
      deps.db.transaction(() => {
        dropHold(deps.db, memberId);
        keepBalance(deps.db, res.value.balance);
      })();
    }
  } catch {
    // Not released: head office refuses the larger spend on the free balance, or the
    // offline rules apply; the hold expires by itself.
  }
  return null;
}

/** An online spend took `points` out of the hold at head office: the same here. */
export function spentFromHoldOnline(db: Db, memberId: string, holdId: string, points: number): void {
  const h = readHold(db, memberId);
  if (h && h.holdId === holdId) writeHold(db, { ...h, spent: h.spent + points });
}
