import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeStaffedCore } from '../helpers/core';
import { bytesFound, settle, storeFiles, walSize } from './helpers';

/**
 * Finding: after `members:erase` the member record stayed in `points_operations.result`
 * for 90 days, old row images in free pages and the WAL (secure_delete off), and a
 * free-text erase reason stayed in the audit log for ever.
 */
const PERSON = {
  name: 'Zebulon Quixote',
  phone: '139 8765 4321',
  phoneE164: '+8613987654321',
  email: 'zebulon.quixote@example.org',
  birthday: '1971-03-14',
};
const NEEDLES = [
  PERSON.name,
  PERSON.name.toLowerCase(),
  PERSON.phoneE164,
  '13987654321',
  PERSON.email,
  PERSON.birthday,
];
/** The name search index stores trigrams, not names: these must go too (FTS5 secure-delete, migration 007). */
const TRIGRAMS = ['zeb', 'ebu', 'bul', 'uix', 'xot'];

async function registeredPerson() {
  const { core, tokens } = await makeStaffedCore();
  const opId = randomUUID();
  const m = await core.ok(
    'members:register',
    { name: PERSON.name, phone: PERSON.phone, email: PERSON.email, birthday: PERSON.birthday, opId },
    tokens.cashier,
  );
  // Some life: a PIN, an edit (an old row image), a purchase.
  await core.ok('members:setPin', { memberId: m.id, pin: '4826' }, tokens.cashier);
  await core.ok('members:update', { memberId: m.id, marketingConsent: true }, tokens.cashier);
  await core.ok(
    'points:award',
    { opId: randomUUID(), memberId: m.id, receiptNo: 'R-1', totalMinor: 5_000 },
    tokens.cashier,
  );
  // Other members around it, so its pages are shared and reused.
  for (let i = 0; i < 30; i++) {
    await core.ok(
      'members:register',
      { name: `Other ${i}`, phone: `1390000${String(i).padStart(4, '0')}` },
      tokens.cashier,
    );
  }
  return { core, tokens, m, opId };
}

describe('erasure erases', () => {
  it('secure_delete is on for the store connection', async () => {
    const { core } = await makeStaffedCore();
    expect(core.db.pragma('secure_delete', { simple: true })).toBe(1);
  });

  it('the name, phone, email and birthday are in no byte of the database, its WAL or points_operations', async () => {
    const { core, tokens, m } = await registeredPerson();
    // Before: they are there (the test would prove nothing otherwise).
    expect(bytesFound(storeFiles(core), NEEDLES).length).toBeGreaterThan(0);
    await core.ok('members:erase', { memberId: m.id, reason: 'memberRequest' }, tokens.manager);
    await settle();
    expect(walSize(core)).toBe(0); // checkpointed and truncated after the erasure committed
    expect(bytesFound(storeFiles(core), NEEDLES)).toEqual([]);
    expect(bytesFound(storeFiles(core), TRIGRAMS)).toEqual([]);
    const ops = core.db.prepare('SELECT result, payload_hash FROM points_operations').all() as { result: string }[];
    expect(JSON.stringify(ops)).not.toMatch(/Zebulon|Quixote|13987654321|zebulon|1971-03-14/);
    // Still true after more work on top (free pages reused, WAL grows again).
    for (let i = 0; i < 5; i++) {
      await core.ok(
        'members:register',
        { name: `Later ${i}`, phone: `1370000${String(i).padStart(4, '0')}` },
        tokens.cashier,
      );
    }
    core.close();
    expect(bytesFound(storeFiles(core), NEEDLES)).toEqual([]);
  });

  it('the registration result keeps the id only: a retry of the same operation gets the (erased) member, not the record', async () => {
    const { core, tokens, m, opId } = await registeredPerson();
    const stored = core.db.prepare('SELECT result FROM points_operations WHERE op_id = ?').pluck().get(opId) as string;
    expect(JSON.parse(stored)).toEqual({ memberId: m.id });
    // A retry before the erasure: the same member, read again.
    const again = await core.ok(
      'members:register',
      { name: PERSON.name, phone: PERSON.phone, email: PERSON.email, birthday: PERSON.birthday, opId },
      tokens.cashier,
    );
    expect(again).toMatchObject({ id: m.id, name: PERSON.name });
    await core.ok('members:erase', { memberId: m.id, reason: 'memberRequest' }, tokens.manager);
    // After: the old operation id can no longer bring the person back (nor test guesses against its hash).
    const retry = await core.call(
      'members:register',
      { name: PERSON.name, phone: PERSON.phone, email: PERSON.email, birthday: PERSON.birthday, opId },
      tokens.cashier,
    );
    expect(retry.ok || retry.error.code).toBe('CONFLICT');
    expect(core.db.prepare('SELECT payload_hash FROM points_operations WHERE op_id = ?').pluck().get(opId)).toBe(
      'erased',
    );
  });

  it('reasons come from a fixed list; the audit record holds the code, never free text', async () => {
    const { core, tokens, m } = await registeredPerson();
    const free = await core.call(
      'members:erase',
      { memberId: m.id, reason: 'Mrs Quixote called on 3 May' } as never,
      tokens.manager,
    );
    expect(free.ok || free.error.code).toBe('VALIDATION');
    await core.ok('members:erase', { memberId: m.id, reason: 'consentWithdrawn' }, tokens.manager);
    const details = core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'members.erased' AND target = ?")
      .pluck()
      .get(m.id) as string;
    expect(JSON.parse(details)).toEqual({ reason: 'consentWithdrawn' });
  });
});
