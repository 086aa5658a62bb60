import { describe, expect, it } from 'vitest';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';
import { expectError } from '../../helpers/expect-result';

async function seeded() {
  const { core, tokens } = await makeStaffedCore();
  const t = tokens.cashier;
  const wang = await core.ok('members:register', { name: '王芳', phone: '13812345678' }, t);
  const ouyang = await core.ok(
    'members:register',
    { name: '欧阳娜娜', phone: '13912341234', email: 'nana@example.com' },
    t,
  );
  const anna = await core.ok(
    'members:register',
    { name: 'Anna Wu', email: 'anna.wu@example.com', phone: '13700005678' },
    t,
  );
  const li = await core.ok('members:register', { name: 'Li Wei', email: 'liwei@example.cn' }, t);
  return { core, t, tokens, wang, ouyang, anna, li };
}

describe('members:search', () => {
  it('an exact card number opens the member (exactCardMemberId)', async () => {
    const { core, t, anna } = await seeded();
    const r = await core.ok('members:search', { query: anna.cardNumber }, t);
    expect(r.exactCardMemberId).toBe(anna.id);
    expect(r.kinds).toContain('card');
    expect(r.results[0].id).toBe(anna.id);
  });

  it('a full phone number in any common format', async () => {
    const { core, t, wang } = await seeded();
    for (const q of ['13812345678', '138 1234 5678', '+86 138-1234-5678', '8613812345678']) {
      const r = await core.ok('members:search', { query: q }, t);
      expect(
        r.results.map((x) => x.id),
        q,
      ).toEqual([wang.id]);
      expect(r.kinds).toContain('phone');
    }
  });

  it('the last 4 digits of the phone', async () => {
    const { core, t, wang, anna } = await seeded();
    const r = await core.ok('members:search', { query: '5678' }, t);
    expect(r.kinds).toEqual(['phoneLast4']);
    expect(r.results.map((x) => x.id).sort()).toEqual([wang.id, anna.id].sort());
    expect(r.exactCardMemberId).toBeNull();
  });

  it('a phone prefix while typing', async () => {
    const { core, t, wang, ouyang } = await seeded();
    const r = await core.ok('members:search', { query: '1381' }, t);
    expect(r.results).toEqual([]); // 4 digits are read as "last 4"
    const r2 = await core.ok('members:search', { query: '13912' }, t);
    expect(r2.results.map((x) => x.id)).toEqual([ouyang.id]);
    const r3 = await core.ok('members:search', { query: '138123' }, t);
    expect(r3.results.map((x) => x.id)).toEqual([wang.id]);
  });

  it('2-character Chinese names (which a trigram index misses), anywhere in the name', async () => {
    const { core, t, wang, ouyang } = await seeded();
    expect((await core.ok('members:search', { query: '王芳' }, t)).results.map((x) => x.id)).toEqual([wang.id]);
    expect((await core.ok('members:search', { query: '娜娜' }, t)).results.map((x) => x.id)).toEqual([ouyang.id]);
    expect((await core.ok('members:search', { query: '欧阳' }, t)).results.map((x) => x.id)).toEqual([ouyang.id]);
    expect((await core.ok('members:search', { query: '王' }, t)).results.map((x) => x.id)).toEqual([wang.id]);
    expect((await core.ok('members:search', { query: '阳娜娜' }, t)).results.map((x) => x.id)).toEqual([ouyang.id]);
  });

  it('name substrings case-insensitively, and 2-letter word prefixes', async () => {
    const { core, t, anna, li } = await seeded();
    expect((await core.ok('members:search', { query: 'NNA W' }, t)).results.map((x) => x.id)).toEqual([anna.id]);
    expect((await core.ok('members:search', { query: 'wei' }, t)).results.map((x) => x.id)).toEqual([li.id]);
    expect((await core.ok('members:search', { query: 'wu' }, t)).results.map((x) => x.id)).toEqual([anna.id]);
    expect((await core.ok('members:search', { query: 'l' }, t)).results.map((x) => x.id)).toEqual([li.id]);
  });

  it('email exact and prefix', async () => {
    const { core, t, anna, li } = await seeded();
    expect((await core.ok('members:search', { query: 'Anna.Wu@Example.com' }, t)).results.map((x) => x.id)).toEqual([
      anna.id,
    ]);
    expect((await core.ok('members:search', { query: 'liwei@' }, t)).results.map((x) => x.id)).toEqual([li.id]);
    // A plain word is also an email prefix.
    const r = await core.ok('members:search', { query: 'liwei' }, t);
    expect(r.results.map((x) => x.id)).toEqual([li.id]);
    expect(r.kinds).toContain('email');
  });

  it('returns at most `limit` results', async () => {
    const { core, tokens } = await makeStaffedCore();
    for (let i = 0; i < 30; i++) {
      await core.ok('members:register', { name: `Zhang ${i}`, email: `z${i}@example.com` }, tokens.cashier);
    }
    expect((await core.ok('members:search', { query: 'zhang' }, tokens.cashier)).results).toHaveLength(20);
    expect((await core.ok('members:search', { query: 'zhang', limit: 5 }, tokens.cashier)).results).toHaveLength(5);
  });

  it('treats FTS syntax and SQL in the query as plain text', async () => {
    const { core, t } = await seeded();
    const before = snapshotCounts(core);
    for (const q of ['"', 'a" OR "b', "'; DROP TABLE members; --", 'NEAR(a b)', '*', 'name_key:abc', '%', '_']) {
      const r = await core.ok('members:search', { query: q }, t);
      expect(r.results, q).toEqual([]);
    }
    expect(snapshotCounts(core)).toEqual(before);
  });

  it('does not find erased members; finds deactivated ones marked inactive', async () => {
    const { core, tokens, t, wang, anna } = await seeded();
    await core.ok('members:deactivate', { memberId: wang.id }, t);
    const r = await core.ok('members:search', { query: '王芳' }, t);
    expect(r.results[0].active).toBe(false);
    await core.ok('members:erase', { memberId: anna.id, reason: 'memberRequest' }, tokens.manager);
    for (const q of [anna.cardNumber, 'anna', '5678', 'anna.wu@example.com', 'wu']) {
      const res = await core.ok('members:search', { query: q }, t);
      expect(
        res.results.map((x) => x.id),
        q,
      ).not.toContain(anna.id);
    }
  });

  it('rejects bad input with a typed error', async () => {
    const { core, t } = await seeded();
    const before = snapshotCounts(core);
    const bad: unknown[] = [
      {},
      { query: '' },
      { query: '   ' },
      { query: 42 },
      { query: 'x'.repeat(100_001) },
      { query: 'a\u0000b' },
      { query: 'a\nb' },
      { query: 'ok', extra: 1 },
      { query: 'ok', limit: 0 },
      { query: 'ok', limit: 51 },
      { query: 'ok', limit: 1.5 },
      { query: 'ok', limit: Number.NaN },
      null,
      'query',
    ];
    for (const input of bad) expectError(await core.call('members:search', input as never, t), 'VALIDATION');
    expect(snapshotCounts(core)).toEqual(before);
  });
});

describe('members:lookupCard', () => {
  it('finds by card, NOT_FOUND for an unknown valid card, VALIDATION for a bad check digit', async () => {
    const { core, t, li } = await seeded();
    expect((await core.ok('members:lookupCard', { cardNumber: li.cardNumber }, t)).id).toBe(li.id);
    expectError(await core.call('members:lookupCard', { cardNumber: '2900000000001' }, t), 'NOT_FOUND', {
      reason: 'cardNotFound',
    });
    const wrongCheck = li.cardNumber.slice(0, 12) + String((Number(li.cardNumber[12]) + 1) % 10);
    expectError(await core.call('members:lookupCard', { cardNumber: wrongCheck }, t), 'VALIDATION');
    for (const cardNumber of ['', '123', 'x'.repeat(13), li.cardNumber + '0', 2900000000002]) {
      expectError(await core.call('members:lookupCard', { cardNumber } as never, t), 'VALIDATION');
    }
  });
});

describe('members:search ranking', () => {
  it('lists the exact name first, then names starting with it, then names containing it', async () => {
    const { core, tokens } = await makeStaffedCore();
    const t = tokens.cashier;
    const reg = async (name: string, n: number) =>
      (await core.ok('members:register', { name, email: `r${n}@example.com` }, t)).id;
    const containing = await reg('欧王芳', 1);
    const longer = await reg('王芳芳', 2);
    const exact = await reg('王芳', 3);
    const r = await core.ok('members:search', { query: '王芳' }, t);
    expect(r.results.map((x) => x.id)).toEqual([exact, longer, containing]);
    const latinContaining = await reg('Mary Ann Lee', 4);
    const latinPrefix = await reg('Ann Lee Smith', 5);
    const latinExact = await reg('ann lee', 6);
    const r2 = await core.ok('members:search', { query: 'Ann Lee' }, t);
    expect(r2.results.map((x) => x.id)).toEqual([latinExact, latinPrefix, latinContaining]);
  });
});
