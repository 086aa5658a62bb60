import { randomUUID } from 'node:crypto';
import type { TestCore } from '../../helpers/core';

/**
 * Real activity through the real channels (members, points, rewards): what the export,
 * the reports and the e2e test read back. Phone numbers are valid CN mobiles.
 */
export interface Seeded {
  memberIds: string[];
  rewardId: string;
  receipts: string[];
}

export const phoneFor = (i: number) => `1380013${String(i).padStart(4, '0')}`;

export async function seedActivity(
  core: TestCore,
  tokens: { manager: string; cashier: string },
  opts: { members?: number; purchasesEach?: number; offset?: number; names?: string[] } = {},
): Promise<Seeded> {
  const n = opts.members ?? 3;
  const offset = opts.offset ?? 0;
  const memberIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const m = await core.ok(
      'members:register',
      { name: opts.names?.[i] ?? `Member ${offset + i}`, phone: phoneFor(offset + i) },
      tokens.cashier,
    );
    memberIds.push(m.id);
  }
  const reward = await core.ok(
    'rewards:create',
    { name: `Free coffee ${offset}`, kind: 'goods', costPoints: 100, stock: 50 },
    tokens.manager,
  );
  const receipts: string[] = [];
  for (const [i, memberId] of memberIds.entries()) {
    for (let p = 0; p < (opts.purchasesEach ?? 2); p++) {
      const receiptNo = `R-${offset + i}-${p}-${randomUUID().slice(0, 8)}`;
      await core.ok(
        'points:award',
        { opId: randomUUID(), memberId, receiptNo, totalMinor: 10_500 * (p + 1) },
        tokens.cashier,
      );
      receipts.push(receiptNo);
    }
  }
  await core.ok('rewards:redeem', { opId: randomUUID(), memberId: memberIds[0], rewardId: reward.id }, tokens.cashier);
  return { memberIds, rewardId: reward.id, receipts };
}
