import { describe, expect, it } from 'vitest';
import { opsFromCaptures, type Capture } from '../../../src/main/core/sync/capture-ops';
import { readChainSecrets, writeChainSecrets } from '../../../src/main/core/sync/chain-secrets';
import { memorySecretStore } from '../../../src/main/core/sync/config';
import { chainCardNumber, pushOp } from '../../../src/shared/sync';

/**
 * The member's PIN in the ops a terminal pushes (migration 026's captures, shared/sync/pins.ts):
 * on a registration only when there is one (the payload of a member without a PIN is
 * unchanged), on an update only when it changed. Pure.
 */
const ID = '01900000-0000-7000-8000-000000000001';
const CHAIN_HASH = `pc1$$2b$10$${'a'.repeat(53)}`;
const image = (pinHash: string | null) => ({
  name: 'Wang Fang',
  phone: '+8613800000001',
  email: null,
  birthday: null,
  marketingConsent: 0,
  active: 1,
  erased: 0,
  pinHash,
});
const op = (c: Capture) => {
  const [built] = opsFromCaptures([c]);
  return built ? { seq: 1, opId: '01900000-0000-7000-8000-0000000000f1', at: 1, staff: null, ...built.body } : null;
};

describe('capture → ops: the member PIN', () => {
  it('registration carries a PIN only when set; updates only a changed one; every op is valid on the wire', () => {
    const card = chainCardNumber(4242);
    const plain = op({ what: 'member.insert', row: { id: ID, cardNumber: card, new: image(null) } });
    expect(plain?.payload).not.toHaveProperty('pinHash');
    const withPin = op({ what: 'member.insert', row: { id: ID, cardNumber: card, new: image('px1$') } });
    expect(withPin?.payload).toMatchObject({ pinHash: 'px1$' });
    const changed = op({
      what: 'member.update',
      row: { id: ID, cardNumber: card, old: image('px1$'), new: image(CHAIN_HASH) },
    });
    expect(changed?.payload).toEqual({ memberId: ID, changes: { pinHash: CHAIN_HASH } });
    const renamed = op({
      what: 'member.update',
      row: { id: ID, cardNumber: card, old: image(CHAIN_HASH), new: { ...image(CHAIN_HASH), name: 'Wang Fang 2' } },
    });
    expect(renamed?.payload).toEqual({ memberId: ID, changes: { name: 'Wang Fang 2' } });
    for (const o of [plain, withPin, changed, renamed]) expect(pushOp.safeParse(o).success).toBe(true);
  });

  it('the secret store holds the credential and the chain PIN key; a store from before the key reads as a credential alone', () => {
    const store = memorySecretStore();
    expect(readChainSecrets(store)).toBeNull();
    store.write('pdt1.terminal.secret');
    expect(readChainSecrets(store)).toEqual({ credential: 'pdt1.terminal.secret', pinKey: null });
    const pinKey = Buffer.alloc(32, 7).toString('base64');
    writeChainSecrets(store, { credential: 'pdt1.terminal.secret', pinKey });
    expect(readChainSecrets(store)).toEqual({ credential: 'pdt1.terminal.secret', pinKey });
    // A key that is not 32 bytes of base64 is no key (the round asks head office again).
    store.write(JSON.stringify({ credential: 'pdt1.terminal.secret', pinKey: 'short' }));
    expect(readChainSecrets(store)).toEqual({ credential: 'pdt1.terminal.secret', pinKey: null });
    writeChainSecrets(store, null);
    expect(readChainSecrets(store)).toBeNull();
  });
});
