import bcrypt from 'bcryptjs';
import Database from 'better-sqlite3';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCore, makeStaffedCore } from '../helpers/core';
import { register } from '../core/members/helpers';

/**
 * Finding: member PINs in a stolen backup are brute-forced offline in ~8 minutes (bcrypt
 * cost 10 over 10^4 PINs). With the pepper — an HMAC key kept outside the database file
 * — the file alone cannot confirm a single guess.
 */
const allPins = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => String(from + i).padStart(4, '0'));

/** What an attacker with only the file can do: bcrypt-compare guesses against what is stored. */
function bruteForce(storedHash: string, guesses: string[]): string | null {
  // Whatever the prefix, try the bcrypt part as it is, and the whole value.
  const candidates = [storedHash, storedHash.replace(/^[a-z0-9]+\$/, '')].filter((h) => /^\$2[aby]\$/.test(h));
  for (const h of candidates) for (const g of guesses) if (bcrypt.compareSync(g, h)) return g;
  return null;
}

describe('member PIN pepper', () => {
  it('a stolen copy of the database file (no key) cannot confirm the PIN, even trying it', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 1);
    await core.ok('members:setPin', { memberId: m.id, pin: '0042' }, tokens.cashier);
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    const stolen = join(core.dir, 'stolen.sqlite');
    copyFileSync(core.config.dbPath, stolen);

    const file = new Database(stolen, { readonly: true });
    const hash = file.prepare('SELECT pin_hash FROM members WHERE id = ?').pluck().get(m.id) as string;
    file.close();
    expect(hash.startsWith('pp1$')).toBe(true);
    // The attacker tries the first hundred PINs — the right one among them — and finds nothing.
    expect(bruteForce(hash, allPins(0, 100))).toBeNull();

    // With the key (the terminal itself), the same PIN verifies.
    expect(await core.ok('members:verifyPin', { memberId: m.id, pin: '0042' }, tokens.cashier)).toEqual({
      verified: true,
    });

    // And the copy opened on a machine without the key does not open at all (its chain is keyed).
    rmSync(`${core.config.dbPath}.key`); // as if on another machine
    core.close();
    expect(() => makeCore({ dir: core.dir })).toThrow(/audit log is missing|key that protects/);
  });

  it('hashes from before the pepper are wrapped at start (no testable bcrypt left) and re-hashed on the next right PIN', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await register(core, tokens.cashier, 2);
    core.close();
    // An old store: a plain bcrypt hash of the PIN, as PerkDesk wrote before the pepper.
    const legacy = bcrypt.hashSync('7310', 4);
    const file = new Database(core.config.dbPath);
    file.prepare('UPDATE members SET pin_hash = ? WHERE id = ?').run(legacy, m.id);
    file.prepare("DELETE FROM meta WHERE key = 'pin_hashes_peppered'").run();
    file.close();
    const again = makeCore({ dir: core.dir, clock: core.clock });
    const wrapped = again.db.prepare('SELECT pin_hash FROM members WHERE id = ?').pluck().get(m.id) as string;
    expect(wrapped.startsWith('pw1$')).toBe(true);
    expect(wrapped).not.toContain(legacy.slice(29)); // the bcrypt digest itself is gone
    expect(bruteForce(wrapped, ['7310', '0000', '1234'])).toBeNull();
    // The member's PIN still works, and the hash becomes a peppered one.
    const cashier = (await again.ok('auth:signIn', { username: 'cathy', password: 'cashier pass 42' })).token;
    expect(await again.ok('members:verifyPin', { memberId: m.id, pin: '7310' }, cashier)).toEqual({ verified: true });
    expect(again.db.prepare('SELECT pin_hash FROM members WHERE id = ?').pluck().get(m.id)).toMatch(/^pp1\$\$2/);
    const wrong = await again.call('members:verifyPin', { memberId: m.id, pin: '7311' }, cashier);
    expect(wrong.ok || wrong.error.details?.reason).toBe('pinWrong');
  });
});
