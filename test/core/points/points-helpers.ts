import { randomUUID } from 'node:crypto';
import { DEFAULT_RULES } from '../../../src/main/core/points/default-rules';
import type { RuleSet } from '../../../src/shared/contract/points';
import { CASHIER, MANAGER, makeStaffedCore, type TestCore } from '../../helpers/core';
import type { ExplanationFacts } from '../../../src/shared/explain/facts';
import { formatExplanation } from '../../../src/shared/explain/format-explanation';

export { DEFAULT_RULES };

/** Rules from the scenario: 1 pt per ¥1, ¥0.01 per pt, Gold ×1.5 from ¥1,000. */
export const SCENARIO_RULES: RuleSet = {
  ...DEFAULT_RULES,
  payWithPointsAllowed: true,
  payWithPointsMaxPercent: 50,
  tiers: [
    { name: 'Bronze', thresholdMinor: 0, multiplierPercent: 100 },
    { name: 'Gold', thresholdMinor: 100_000, multiplierPercent: 150 },
  ],
};

export const op = () => randomUUID();

let phoneSeq = 0;
export async function registerMember(core: TestCore, token: string, name = 'Wang Fang'): Promise<string> {
  phoneSeq++;
  const m = await core.ok(
    'members:register',
    { name, email: `m${phoneSeq}-${randomUUID().slice(0, 8)}@example.com` },
    token,
  );
  return m.id;
}

/** A staffed core with rules saved and `n` members. */
export async function makePointsCore(opts: { rules?: RuleSet; members?: number } = {}) {
  const { core, tokens } = await makeStaffedCore();
  if (opts.rules) await core.ok('points:saveRules', { rules: opts.rules }, tokens.manager);
  const members: string[] = [];
  for (let i = 0; i < (opts.members ?? 1); i++) members.push(await registerMember(core, tokens.cashier, `Member ${i}`));
  return { core, tokens, members, member: members[0] };
}

export function ledgerSum(core: TestCore, memberId: string): number {
  return (
    core.db.prepare('SELECT coalesce(sum(points), 0) AS s FROM points_ledger WHERE member_id = ?').get(memberId) as {
      s: number;
    }
  ).s;
}

/** Moves the clock and unlocks the idle-locked sessions (tests travel months at a time). */
export async function travel(core: TestCore, tokens: { cashier: string; manager: string }, ms: number) {
  core.clock.advance(ms);
  await core.ok('auth:unlock', { password: CASHIER.password }, tokens.cashier);
  await core.ok('auth:unlock', { password: MANAGER.password }, tokens.manager);
}

export const DAY = 86_400_000;

/** An entry's explanation as the English counter shows it (the store currency is CNY). */
export function explainEn(facts: ExplanationFacts, opts: { receipt?: boolean } = {}): string {
  return formatExplanation(facts, { locale: 'en', currency: 'CNY', minorUnits: 2, ...opts });
}
