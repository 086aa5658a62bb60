import type { Refuser } from '../context';
import type { RuleSet } from '../../../shared/contract/points';
import { expireDueLots } from './expiry';
import type { LedgerEnv } from './ledger';
import type { Points } from '../../../shared/units';

/**
 * Before points are spent (paying part of a bill, redeeming a reward), inside the
 * spend's own transaction: the member's due lots expire first (issue 10 item 11), then
 * the spending rule (issue 11 item 8): the balance must be at least the rules'
 * `minBalanceToSpend`. Returns the balance the spend may draw on.
 *   Worked example: minimum 500; balance 499 → refused (belowMinBalance); balance 500
 *   → may spend up to 500 (the minimum gates spending, it is not a reserve).
 */
export function prepareSpend(
  ctx: Refuser<'belowMinBalance'>,
  env: LedgerEnv,
  rules: RuleSet,
  memberId: string,
  /** Chain mode: the balance head office or the offline allowance lets this spend draw on (sync/chain-spend.ts). */
  chainBalance?: number,
): Points {
  const local = expireDueLots(env, memberId);
  const balance = chainBalance === undefined ? local : (chainBalance as Points);
  const min = rules.minBalanceToSpend ?? 0;
  if (min > 0 && balance < min) {
    throw ctx.refuse(
      'belowMinBalance',
      { minBalance: min, balance },
      { message: `Points can be spent from a balance of ${min}; this member has ${balance}` },
    );
  }
  return balance;
}
