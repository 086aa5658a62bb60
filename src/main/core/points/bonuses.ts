import type { ReadDb } from '../db/open-database';
import type { RuleSetDto } from '../../../shared/contract/points';
import { facts, type BonusFacts } from '../../../shared/explain/facts';
import { applyEntry, type LedgerEnv } from './ledger';
import { lotExpiry } from './expiry-policy';
import { localDayOf } from './local-days';
import { birthdayOf, canEarn, findMember } from './member-access';
import type { BonusClaimsWire, ReferralWire } from '../../../shared/sync';
import { stmt } from '../db/statements';
import { points as asPoints, type Minor, type Points } from '../../../shared/units';

/**
 * Programme bonuses (issue 11 item 6), each an `earn` entry of its own with `bonus` facts,
 * its points forming a lot with the rule set's expiry like any earned points:
 *
 * - welcome (`welcomePoints`): written with the registration, in its transaction;
 * - birthday (`birthdayBonus`): once a calendar year, at the member's FIRST PURCHASE in
 *   the window — on the day, or in the month, in the store's time zone (a 29 February
 *   birthday is 28 February in other years). Chosen over a daily job because the
 *   counter is where the member is told, a closed shop never misses the day's run, and
 *   nothing has to walk every member;
 * - referral (`referralBonus`): recorded at registration (`points_referrals`, migration
 *   015); both members are paid at the referred member's first purchase that reaches the
 *   minimum spend, in that purchase's transaction.
 *
 * Once only, whatever runs twice: each bonus has a key in the entry's `ref_id`
 * (`bonus:welcome`, `bonus:birthday:2026`, `bonus:referred`, `bonus:referrer:<member>`),
 * looked up before writing inside the same write transaction (SQLite has one writer,
 * so no two can both miss it); migration 015 also makes the key unique per member. A
 * retried operation replays its first result (operations.ts) and writes nothing. A
 * restored backup has exactly the bonuses its ledger has, so one given after the backup
 * is given again at the next purchase — the restored ledger no longer holds it.
 */

export const bonusKey = {
  welcome: 'bonus:welcome',
  birthday: (year: number) => `bonus:birthday:${year}`,
  referred: 'bonus:referred',
  referrer: (referredId: string) => `bonus:referrer:${referredId}`,
};

export function hasBonus(db: ReadDb, memberId: string, key: string): boolean {
  // Given here (the ledger), or anywhere in the chain as head office last said (migration 024).
  return (
    stmt(
      db,
      `SELECT 1 WHERE EXISTS (SELECT 1 FROM points_ledger WHERE member_id = @m AND ref_id = @k)
         OR EXISTS (SELECT 1 FROM points_chain_bonuses WHERE member_id = @m AND bonus_key = @k)`,
    ).get({ m: memberId, k: key }) !== undefined
  );
}

/** Bonuses head office says the chain gave a member (chain mode, sync/pull.ts); a key already known stays. */
export function applyHeadOfficeBonuses(db: LedgerEnv['db'], b: BonusClaimsWire): boolean {
  const insert = stmt(db, 'INSERT OR IGNORE INTO points_chain_bonuses (member_id, bonus_key) VALUES (?, ?)');
  let added = 0;
  for (const key of b.bonusKeys) if (key.startsWith('bonus:')) added += insert.run(b.memberId, key).changes;
  return added > 0;
}

interface Grant {
  memberId: string;
  key: string;
  points: number;
  body: Omit<BonusFacts, 'schemaVersion' | 'kind' | 'ruleVersion' | 'points' | 'expiresAt'>;
}

function grant(env: LedgerEnv, ruleSet: RuleSetDto, timeZone: string, g: Grant): Points | null {
  if (hasBonus(env.db, g.memberId, g.key)) return null;
  const points = asPoints(g.points);
  const expiresAt = lotExpiry(ruleSet.rules, env.now, timeZone);
  const applied = applyEntry(env, {
    memberId: g.memberId,
    kind: 'earn',
    points,
    facts: facts<BonusFacts>({
      kind: 'bonus',
      ruleVersion: ruleSet.version,
      points,
      ...g.body,
      ...(ruleSet.rules.expiry && expiresAt !== null ? { expiresAt } : {}),
    }),
    ruleVersion: ruleSet.version,
    refId: g.key,
    lots: [{ points, earnedAt: env.now, expiresAt }],
  });
  return applied.balanceAfter;
}

/** Welcome points for a member just registered (same transaction). Null: none configured or given. */
export function grantWelcome(env: LedgerEnv, ruleSet: RuleSetDto, timeZone: string, memberId: string) {
  const pts = ruleSet.rules.welcomePoints;
  if (pts === undefined) return null;
  return grant(env, ruleSet, timeZone, { memberId, key: bonusKey.welcome, points: pts, body: { bonus: 'welcome' } });
}

/** Is `at` inside the member's birthday window ('YYYY-MM-DD'), in the store's zone? */
export function inBirthdayWindow(birthday: string, at: number, timeZone: string, window: 'day' | 'month'): boolean {
  const [, m, d] = birthday.split('-').map(Number);
  const today = localDayOf(at, timeZone);
  if (today.month !== m) return false;
  if (window === 'month') return true;
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const day = m === 2 && d === 29 && !leap(today.year) ? 28 : d;
  return today.day === day;
}

/** The referrer recorded for a member at registration, or null (needs migration 015's table). */
export function referrerOf(db: ReadDb, memberId: string): string | null {
  const row = stmt(db, 'SELECT referrer_id FROM points_referrals WHERE member_id = ?').get(memberId) as
    { referrer_id: string } | undefined;
  return row?.referrer_id ?? null;
}

export function recordReferral(db: LedgerEnv['db'], memberId: string, referrerId: string, at: number): void {
  stmt(db, 'INSERT INTO points_referrals (member_id, referrer_id, created_at) VALUES (?, ?, ?)').run(
    memberId,
    referrerId,
    at,
  );
}

/**
 * A referral head office sent (chain mode, sync/pull.ts): recorded as one made here, so
 * the referred member's first qualifying purchase at this terminal pays both bonuses —
 * once chain-wide: head office's bonus claims decide between terminals. Only for two
 * members held here (every member of the chain is pulled before its referral: the
 * registration commits first at head office); a referrer already recorded stays.
 */
export function applyHeadOfficeReferral(db: LedgerEnv['db'], r: ReferralWire): boolean {
  if (r.memberId === r.referrerId || referrerOf(db, r.memberId) !== null) return false;
  if (!findMember(db, r.memberId) || !findMember(db, r.referrerId)) return false;
  recordReferral(db, r.memberId, r.referrerId, r.recordedAt);
  return true;
}

/**
 * The bonuses a purchase triggers, after its own entries: the birthday bonus and the
 * referral bonuses. Returns the purchasing member's balance after them (unchanged when none).
 */
export function purchaseBonuses(
  env: LedgerEnv,
  ruleSet: RuleSetDto,
  timeZone: string,
  p: { memberId: string; paidMinor: Minor; receiptNo: string; balance: Points },
): Points {
  const { rules } = ruleSet;
  let balance = p.balance;
  const birthday = rules.birthdayBonus;
  if (birthday) {
    const date = birthdayOf(env.db, p.memberId);
    if (date && inBirthdayWindow(date, env.now, timeZone, birthday.window)) {
      const year = localDayOf(env.now, timeZone).year;
      balance =
        grant(env, ruleSet, timeZone, {
          memberId: p.memberId,
          key: bonusKey.birthday(year),
          points: birthday.points,
          body: { bonus: 'birthday', year, window: birthday.window, receiptNo: p.receiptNo },
        }) ?? balance;
    }
  }
  const referral = rules.referralBonus;
  if (referral && p.paidMinor >= Math.max(rules.minSpendMinor, referral.minSpendMinor ?? 0)) {
    // The referred member's bonus is the marker: paid once, the referral is done.
    if (!hasBonus(env.db, p.memberId, bonusKey.referred)) {
      const referrer = referrerOf(env.db, p.memberId);
      if (referrer !== null) {
        balance =
          grant(env, ruleSet, timeZone, {
            memberId: p.memberId,
            key: bonusKey.referred,
            points: referral.referredPoints,
            body: { bonus: 'referred', receiptNo: p.receiptNo },
          }) ?? balance;
        // A deactivated or erased referrer earns nothing (the friend still gets theirs, and
        // the referral is done: a later reactivation does not pay it out afterwards).
        if (canEarn(env.db, referrer))
          grant(env, ruleSet, timeZone, {
            memberId: referrer,
            key: bonusKey.referrer(p.memberId),
            points: referral.referrerPoints,
            body: { bonus: 'referrer' },
          });
      }
    }
  }
  return balance;
}
