import type { Change, SyncCall } from '../../../shared/sync';
import type { Db } from '../db/open-database';
import { stmt } from '../db/statements';
import { keepBalance } from './kept-balance';
import { keepGoals } from './chain-goals';
import { applyHeadOfficeMember } from '../members/head-office';
import { applyHeadOfficeReward } from '../rewards/head-office';
import { applyHeadOfficeVoucher } from '../points/head-office-vouchers';
import { applyHeadOfficeRules } from './pull-rules';
import { applyChainPurchase } from '../points/head-office-purchases';
import { applyHeadOfficeBonuses, applyHeadOfficeReferral } from '../points/bonuses';
import { writeOverProvisional } from './provisional-merge';
import { failureOf } from './remote';
import { withoutCapture, type SyncDeps } from './state';
import { readSettings } from '../settings/settings-store';

export const PULL_LIMIT = 200;

const KEPT_ENTITIES = new Set<string>(['member', 'reward', 'rule']);

/**
 * Applies head office's changes, each only when its version is newer than the one held
 * (a row can come twice: a page repeated after a lost answer, a fresh download).
 * Members are written into the members table and rewards into the catalogue (the
 * counter finds them like local ones); rule sets become local rule versions the counter
 * earns by from their effective date (pull-rules.ts); balances are kept in sync's own
 * tables. A member with an unsent change of its own here is left for the next pull: this terminal's change, once
 * pushed, is newer than what head office sent.
 */
export function applyChanges(db: Db, changes: readonly Change[], now: number, terminalId: string): number {
  let applied = 0;
  const held = stmt(db, 'SELECT version FROM sync_remote WHERE entity = ? AND id = ?').pluck();
  const keep = stmt(db, 'INSERT OR REPLACE INTO sync_remote (entity, id, version, data) VALUES (?, ?, ?, ?)');
  for (const c of changes) {
    if (c.entity === 'balance') {
      applied += keepBalance(db, c.data);
      continue;
    }
    if (c.entity === 'goal') {
      // The member's stamp cards as the chain sums them (chain-goals.ts).
      applied += keepGoals(db, c.data);
      continue;
    }
    if (c.entity === 'purchase') {
      // Another store's spend, for chain-wide tiers (points/head-office-purchases.ts).
      if (applyChainPurchase(db, c.data)) applied++;
      continue;
    }
    if (c.entity === 'voucher') {
      // Vouchers change once, so the row itself says what is newer (points/head-office-vouchers.ts).
      if (applyHeadOfficeVoucher(db, c.data)) applied++;
      continue;
    }
    if (c.entity === 'bonus') {
      // What the chain already gave: not given again here (points/bonuses.ts#hasBonus).
      if (applyHeadOfficeBonuses(db, c.data)) applied++;
      continue;
    }
    if (c.entity === 'referral') {
      // Never changed once recorded: the first copy is the one (points/bonuses.ts).
      if (applyHeadOfficeReferral(db, c.data)) applied++;
      continue;
    }
    // An entity this terminal does not know yet (head office upgraded first) is left, not
    // taken for a rule set: the generic path below is for members, rewards and rules only.
    if (!KEPT_ENTITIES.has(c.entity)) continue;
    const id = c.data.id;
    const version = held.get(c.entity, id) as number | undefined;
    if (version !== undefined && version >= c.data.version) continue;
    if (c.entity === 'member') {
      const m = c.data;
      const unsent = stmt(
        db,
        "SELECT 1 FROM sync_outbox WHERE member_id = ? AND state = 'pending' AND kind LIKE 'member.%' LIMIT 1",
      ).get(m.id);
      if (unsent) continue;
      const member = { ...m, active: m.active && m.mergedInto === null, erased: m.erased };
      // A provisional member holding this card here is merged into it (provisional-merge.ts).
      const outcome = writeOverProvisional(db, member, () => applyHeadOfficeMember(db, member, now), now, terminalId);
      if (outcome === 'clash') continue; // a duplicate registration here: merged at head office, then it comes again
      keep.run('member', id, m.version, m.mergedInto ? JSON.stringify({ mergedInto: m.mergedInto }) : null);
    } else {
      // Rewards join the catalogue; rule sets become local versions the counter earns by
      // from their effective date (pull-rules.ts), keeping which local version each became.
      if (c.entity === 'reward') {
        applyHeadOfficeReward(db, c.data, now);
        keep.run(c.entity, id, c.data.version, JSON.stringify(c.data));
      } else {
        const localVersion = version === undefined ? applyHeadOfficeRules(db, c.data, now, terminalId) : null;
        keep.run(c.entity, id, c.data.version, JSON.stringify({ ...c.data, localVersion }));
      }
    }
    applied++;
  }
  return applied;
}

/** After a pull is complete: the balances include this terminal's ops up to `pushedThrough`. */
function settle(db: Db, cursor: string, pushedThrough: number, now: number) {
  stmt(
    db,
    'UPDATE sync_state SET pull_cursor = ?, pushed_through = max(pushed_through, ?), pulled_at = ? WHERE id = 1',
  ).run(cursor, pushedThrough, now);
  // Done ops the pulled balances now include are no longer "here": forget them.
  stmt(db, "DELETE FROM sync_outbox WHERE state = 'done' AND seq <= ?").run(pushedThrough);
}

/** The store's data afresh, page by page (first sync, or a cursor older than the retention). */
async function bootstrap(deps: SyncDeps, call: SyncCall): Promise<number> {
  let next: string | undefined;
  let applied = 0;
  for (;;) {
    const res = await call('sync:bootstrap', {
      ...(next ? { next } : {}),
      limit: PULL_LIMIT,
      outbox: outboxNow(deps.db),
    });
    if (!res.ok) throw failureOf(res.error);
    const page = res.value;
    const now = deps.config.now();
    withoutCapture(deps.db, () => {
      applied += applyChanges(deps.db, page.changes, now, deps.terminalId);
      if (page.next === null) settle(deps.db, page.cursor, page.pushedThrough, now);
    });
    if (page.next === null) return applied;
    next = page.next;
  }
}

/** The outbox as this pull finds it (after the round's push: usually empty), for head office's view. */
/** The outbox as head office is told it, with the store's offline allowance (the head office page's exposure). */
function outboxNow(db: Db): { depth: number; oldestAt: number | null; allowancePoints: number } {
  const r = stmt(
    db,
    "SELECT count(*) AS depth, min(at) AS oldestAt FROM sync_outbox WHERE state = 'pending'",
  ).get() as {
    depth: number;
    oldestAt: number | null;
  };
  return { depth: r.depth, oldestAt: r.oldestAt, allowancePoints: readSettings(db).chainOfflineAllowancePoints };
}

/** Pulls until head office has nothing more; each page and its cursor in one transaction. */
export async function pullChanges(deps: SyncDeps, call: SyncCall): Promise<number> {
  let applied = 0;
  for (let page = 0; page < 10_000; page++) {
    const cursor = stmt(deps.db, 'SELECT pull_cursor FROM sync_state WHERE id = 1').pluck().get() as string | null;
    if (!cursor) return applied + (await bootstrap(deps, call));
    const res = await call('sync:pull', { cursor, limit: PULL_LIMIT, outbox: outboxNow(deps.db) });
    if (!res.ok) throw failureOf(res.error);
    const r = res.value;
    if (r.kind === 'resync') return applied + (await bootstrap(deps, call));
    const now = deps.config.now();
    withoutCapture(deps.db, () => {
      applied += applyChanges(deps.db, r.changes, now, deps.terminalId);
      if (r.hasMore) stmt(deps.db, 'UPDATE sync_state SET pull_cursor = ? WHERE id = 1').run(r.cursor);
      else settle(deps.db, r.cursor, r.pushedThrough, now);
    });
    if (!r.hasMore) return applied;
  }
  return applied;
}
