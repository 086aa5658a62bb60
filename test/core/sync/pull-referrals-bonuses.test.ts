import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { DEFAULT_RULES, makePointsCore, op } from '../points/points-helpers';
import { applyChanges } from '../../../src/main/core/sync/pull';
import type { RuleSet } from '../../../src/shared/contract/points';
import type { Change } from '../../../src/shared/sync';
import type { TestCore } from '../../helpers/core';

/**
 * Referrals and the chain's bonus claims pulled from head office (issue 12, head office
 * migration 014, terminal migration 024): a referral recorded at another store pays the
 * referral bonuses at a first purchase here; a bonus the chain already gave is not given
 * again here; what this terminal cannot place (a member it does not hold, an entity it does
 * not know) changes nothing. Against a real head office: test/server/chain-goals.test.ts.
 */
const RULES: RuleSet = {
  ...DEFAULT_RULES,
  birthdayBonus: { points: 100, window: 'month' },
  referralBonus: { referrerPoints: 30, referredPoints: 20 },
};

const pull = (core: TestCore, changes: unknown[]) =>
  applyChanges(core.db, changes as Change[], core.clock.now(), core.terminalId);
const bonuses = (core: TestCore) =>
  core.db.prepare("SELECT member_id, ref_id, points FROM points_ledger WHERE ref_id LIKE 'bonus:%' ORDER BY seq").all();

describe('referrals and bonus claims pulled from head office', () => {
  it('a pulled referral pays both bonuses at the first purchase here; a repeat or a stranger changes nothing', async () => {
    const c = await makePointsCore({ rules: RULES, members: 2 });
    const [referred, referrer] = c.members;
    const referral = { entity: 'referral', data: { memberId: referred, referrerId: referrer, recordedAt: 1 } };
    expect(pull(c.core, [referral])).toBe(1);
    expect(pull(c.core, [referral])).toBe(0);
    // A member this terminal does not hold, and a member referring themself: not recorded.
    const stranger = randomUUID();
    expect(
      pull(c.core, [
        { entity: 'referral', data: { memberId: stranger, referrerId: referrer, recordedAt: 1 } },
        { entity: 'referral', data: { memberId: referrer, referrerId: referrer, recordedAt: 1 } },
      ]),
    ).toBe(0);
    expect(c.core.db.prepare('SELECT count(*) FROM points_referrals').pluck().get()).toBe(1);

    await c.core.ok(
      'points:award',
      { opId: op(), memberId: referred, receiptNo: 'R-1', totalMinor: 1_000 },
      c.tokens.cashier,
    );
    expect(bonuses(c.core)).toEqual([
      { member_id: referred, ref_id: 'bonus:referred', points: 20 },
      { member_id: referrer, ref_id: `bonus:referrer:${referred}`, points: 30 },
    ]);
  });

  it('a bonus the chain already gave is not given here; an unknown entity is left alone', async () => {
    const c = await makePointsCore({ rules: RULES, members: 2 });
    const [referred, referrer] = c.members;
    pull(c.core, [{ entity: 'referral', data: { memberId: referred, referrerId: referrer, recordedAt: 1 } }]);
    // Another store paid the referral first (head office's claims), and a key that is no bonus is ignored.
    expect(
      pull(c.core, [
        { entity: 'bonus', data: { memberId: referred, bonusKeys: ['bonus:referred', 'not-a-bonus'] } },
        { entity: 'somethingNewer', data: { id: 'x', version: 1 } },
      ]),
    ).toBe(1);
    expect(c.core.db.prepare('SELECT * FROM points_chain_bonuses').all()).toEqual([
      { member_id: referred, bonus_key: 'bonus:referred' },
    ]);
    const award = await c.core.ok(
      'points:award',
      { opId: op(), memberId: referred, receiptNo: 'R-1', totalMinor: 1_000 },
      c.tokens.cashier,
    );
    expect(award.balance).toBe(10);
    expect(bonuses(c.core)).toEqual([]);
    // Nothing of the unknown entity was kept or taken for a rule set.
    expect(c.core.db.prepare("SELECT count(*) FROM sync_remote WHERE entity = 'somethingNewer'").pluck().get()).toBe(0);
  });
});
