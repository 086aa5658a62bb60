import { randomUUID } from 'node:crypto';
import type { TestCore } from '../helpers/core';
import type { FuzzContext } from './payloads';

/**
 * A few real rows (a member, a reward, a purchase, a redemption) whose ids and strings
 * the payload generator mixes in, so fuzzed calls reach handler logic beyond "not found".
 * Each step is best effort: the fuzz still runs if an area's channel fails here.
 * Staff ids are left out on purpose: deactivating the fuzzing staff would end the run.
 */
export async function seedStore(core: TestCore, tokens: { owner: string; cashier: string }): Promise<FuzzContext> {
  const ids: string[] = [];
  const strings: string[] = ['R-FUZZ-1'];
  const attempt = async (channel: string, input: unknown, token: string) => {
    const r = await core.dispatch(channel, input, { token });
    return r.ok ? (r.value as Record<string, unknown>) : null;
  };
  const member = await attempt(
    'members:register',
    { name: 'Fuzz Member', email: 'fuzz@example.com', phone: '13800138000' },
    tokens.cashier,
  );
  if (member) {
    ids.push(String(member.id));
    if (typeof member.cardNumber === 'string') strings.push(member.cardNumber);
  }
  const reward = await attempt(
    'rewards:create',
    { name: 'Fuzz Mug', kind: 'goods', costPoints: 10, stock: 100 },
    tokens.owner,
  );
  if (reward) ids.push(String(reward.id));
  if (member) {
    await attempt(
      'points:award',
      { opId: randomUUID(), memberId: member.id, receiptNo: 'R-FUZZ-1', totalMinor: 100_000 },
      tokens.cashier,
    );
    if (reward) {
      const red = await attempt(
        'rewards:redeem',
        { opId: randomUUID(), memberId: member.id, rewardId: reward.id },
        tokens.cashier,
      );
      if (red) ids.push(String(red.id));
    }
  }
  return { ids, strings };
}
