import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { legacyCard, ok, startChain, usePgCluster, type TestChain } from './helpers';
import { enrolledCore } from './enrolled-core';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import { readChainSecrets, writeChainSecrets } from '../../src/main/core/sync/chain-secrets';
import { bindChainPinKey } from '../../src/main/core/keys/bound-keys';
import type { RuleSet } from '../../src/shared/contract/points';

/**
 * Member PINs across the stores of a chain (issue 12; shared/sync/pins.ts). Before, a PIN
 * lived only in the terminal that set it, so at every other store the member's points
 * could be spent with no PIN at all.
 */
const pg = usePgCluster();
const PIN_RULES: RuleSet = { ...DEFAULT_RULES, redeemRequiresPin: true };
const MEMBER = { name: 'Li Lei', email: 'li@example.com' };

async function till(chain: TestChain, storeId: string, name: string) {
  const t = await enrolledCore(chain, storeId, name, PIN_RULES);
  const { cashier, manager } = t.tokens;
  const redeem = (memberId: string, rewardId: string, pin?: string) =>
    t.core.call('rewards:redeem', { opId: randomUUID(), memberId, rewardId, ...(pin ? { pin } : {}) }, cashier);
  const verify = (memberId: string, pin: string) => t.core.call('members:verifyPin', { memberId, pin }, cashier);
  const pinRow = (memberId: string) =>
    t.core.db.prepare('SELECT pin_hash, pin_failed_attempts FROM members WHERE id = ?').get(memberId) as {
      pin_hash: string | null;
      pin_failed_attempts: number;
    };
  return { ...t, cashier, manager, redeem, verify, pinRow };
}

async function memberWithPoints(t: Awaited<ReturnType<typeof till>>) {
  const m = await t.core.ok('members:register', MEMBER, t.cashier);
  await t.core.ok(
    'points:award',
    { opId: randomUUID(), memberId: m.id, receiptNo: 'R-1', totalMinor: 50_000 },
    t.cashier,
  );
  return m;
}

/** North and South; a member of North's with points, whose PIN 2468 North set and pushed. */
async function pinSetAtNorth() {
  const chain = await startChain(pg);
  const north = await till(chain, await chain.createStore('North'), 'N1');
  const south = await till(chain, await chain.createStore('South'), 'S1');
  const m = await memberWithPoints(north);
  await north.core.ok('members:setPin', { memberId: m.id, pin: '2468' }, north.cashier);
  await north.sync();
  return { chain, north, south, m };
}

const chainMug = (chain: TestChain) =>
  ok(chain.admin('admin:saveReward', { storeId: null, reward: { name: 'Chain mug', kind: 'goods', costPoints: 100 } }));
const headOfficePin = async (chain: TestChain, memberId: string) =>
  (await chain.pool.query('SELECT pin_hash FROM members WHERE id = $1', [memberId])).rows[0].pin_hash as string | null;
const refused = (reason: string) => ({ ok: false, error: { details: { reason } } });

describe('member PINs across the chain', () => {
  it('a PIN set at North is asked for and checked at South; a reset at South is the PIN at North too', async () => {
    const { chain, north, south, m } = await pinSetAtNorth();
    expect(await headOfficePin(chain, m.id)).toMatch(/^pc1\$\$2[aby]\$/);
    expect(await headOfficePin(chain, m.id)).toBe(north.pinRow(m.id).pin_hash);
    // The admin's lookups never carry the hash.
    const seen = await ok(chain.admin('members:lookup', { memberId: m.id }));
    expect(seen.matches[0].member).not.toHaveProperty('pinHash');

    // Found at South by an online lookup first, then by the pull: the PIN comes both ways.
    await south.core.ok('sync:lookup', { cardNumber: m.cardNumber }, south.cashier);
    expect(south.pinRow(m.id).pin_hash).toBe(await headOfficePin(chain, m.id));
    const mug = await chainMug(chain);
    await south.sync();
    expect(south.pinRow(m.id).pin_hash).toBe(await headOfficePin(chain, m.id));
    // Every terminal holds the same chain key, and never inside its database file.
    const key = readChainSecrets(north.core.config.sync.credentials)!.pinKey!;
    expect(readChainSecrets(south.core.config.sync.credentials)!.pinKey).toBe(key);
    for (const t of [north, south]) {
      expect(readFileSync(t.core.config.dbPath).includes(Buffer.from(key, 'base64'))).toBe(false);
    }

    expect(await south.redeem(m.id, mug.id)).toMatchObject(refused('pinRequired'));
    expect(await south.redeem(m.id, mug.id, '1111')).toMatchObject(refused('pinWrong'));
    expect(await south.redeem(m.id, mug.id, '2468')).toMatchObject({ ok: true });

    // Forgotten at South: reset with the member's details there.
    await south.core.ok('members:resetPin', { memberId: m.id, ...MEMBER, newPin: '1357' }, south.manager);
    await south.sync();
    await north.sync();
    expect(await north.verify(m.id, '2468')).toMatchObject(refused('pinWrong'));
    expect(await north.verify(m.id, '1357')).toMatchObject({ ok: true });
    // The wrong tries counted at North; a new PIN from head office starts afresh.
    expect(north.pinRow(m.id).pin_failed_attempts).toBe(0);

    // An erasure takes the PIN with it, at head office too.
    await north.core.ok('members:erase', { memberId: m.id, reason: 'memberRequest' }, north.manager);
    await north.sync();
    expect(await headOfficePin(chain, m.id)).toBeNull();
  });

  it('a PIN of a terminal’s own pepper is "set elsewhere" at the other stores (never "no PIN") until its next use makes it a chain PIN', async () => {
    const chain = await startChain(pg);
    const north = await till(chain, await chain.createStore('North'), 'N1');
    const south = await till(chain, await chain.createStore('South'), 'S1');
    // North as enrolled before head office handed out the key: it holds the credential only.
    const secrets = readChainSecrets(north.core.config.sync.credentials)!;
    writeChainSecrets(north.core.config.sync.credentials, { credential: secrets.credential, pinKey: null });
    bindChainPinKey(north.core.db, null);
    const m = await memberWithPoints(north);
    await north.core.ok('members:setPin', { memberId: m.id, pin: '2468' }, north.cashier);
    expect(north.pinRow(m.id).pin_hash).toMatch(/^pp1\$/);

    // The round fetches the key first (keys:pin), then pushes the PIN as the mark.
    await north.sync();
    expect(readChainSecrets(north.core.config.sync.credentials)!.pinKey).toBe(secrets.pinKey);
    expect(await headOfficePin(chain, m.id)).toBe('px1$');
    expect(north.pinRow(m.id).pin_hash).toMatch(/^pp1\$/); // its own hash, not the mark

    const mug = await chainMug(chain);
    await south.sync();
    expect(south.pinRow(m.id).pin_hash).toBe('px1$');
    expect(await south.redeem(m.id, mug.id)).toMatchObject(refused('pinRequired'));
    for (const guess of ['2468', '0000', '1111', '2222']) {
      expect(await south.redeem(m.id, mug.id, guess)).toMatchObject(refused('pinElsewhere'));
    }
    expect(await south.verify(m.id, '2468')).toMatchObject(refused('pinElsewhere'));
    expect(south.pinRow(m.id).pin_failed_attempts).toBe(0); // nothing could be guessed: nothing counted

    // The member's next correct PIN at North re-hashes it with the chain key.
    expect(await north.verify(m.id, '2468')).toMatchObject({ ok: true });
    expect(north.pinRow(m.id).pin_hash).toMatch(/^pc1\$/);
    await north.sync();
    await south.sync();
    expect(await headOfficePin(chain, m.id)).toBe(north.pinRow(m.id).pin_hash);
    expect(await south.redeem(m.id, mug.id, '2468')).toMatchObject({ ok: true });
  });

  it('two stores changing the PIN offline: the later change wins at head office and at both terminals', async () => {
    const { chain, north, south, m } = await pinSetAtNorth();
    await south.sync();
    north.net.down = true;
    south.net.down = true;
    await north.core.ok('members:changePin', { memberId: m.id, oldPin: '2468', newPin: '1111' }, north.cashier);
    south.core.clock.advance(60_000);
    await south.core.ok('members:changePin', { memberId: m.id, oldPin: '2468', newPin: '2222' }, south.cashier);
    north.net.down = false;
    south.net.down = false;
    // South's later change reaches head office first, North's earlier one after it.
    await south.sync();
    await north.sync();
    await south.sync();
    for (const t of [north, south]) {
      expect(await t.verify(m.id, '2222')).toMatchObject({ ok: true });
      expect(await t.verify(m.id, '1111')).toMatchObject(refused('pinWrong'));
    }
    expect(await headOfficePin(chain, m.id)).toBe(south.pinRow(m.id).pin_hash);
  });

  it('refuses a PIN on the wire that is not a chain hash or the mark, and writes nothing', async () => {
    const chain = await startChain(pg);
    const till = await chain.enrol(await chain.createStore());
    const member = till.register({ cardNumber: legacyCard(7) });
    await till.pushOk([member]);
    const own = `pp1$$2b$10$${'a'.repeat(53)}`;
    for (const pinHash of [own, '', 'px1', "px1$'; DROP TABLE members; --", `pc1$$2b$10$${'a'.repeat(52)}\u0000`, 42]) {
      const update = till.op('member.update', { memberId: member.payload.memberId, changes: { pinHash } } as never);
      till.seq--; // refused: the seq is not used
      expect(await till.push([update])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(await headOfficePin(chain, member.payload.memberId)).toBeNull();
    // Later than the registration (at the same moment, the op ids would decide who wins).
    till.clock.advance(1_000);
    await till.pushOk([till.op('member.update', { memberId: member.payload.memberId, changes: { pinHash: 'px1$' } })]);
    expect(await headOfficePin(chain, member.payload.memberId)).toBe('px1$');
  });
});
