import { describe, expect, it } from 'vitest';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';
import { expectError } from '../../helpers/expect-result';
import type { MemberSummary } from '../../../src/shared/contract/members';

async function withMembers(n: number) {
  const { core, tokens } = await makeStaffedCore();
  const names = ['Chen', 'anna', 'Bob', '王芳', 'Zed', 'bob', 'Émile', '李娜', 'carl', 'Dora', 'Ed', 'Fay'];
  for (let i = 0; i < n; i++) {
    core.clock.advance(1000);
    await core.ok(
      'members:register',
      { name: `${names[i % names.length]} ${i}`, email: `l${i}@example.com` },
      tokens.cashier,
    );
  }
  return { core, tokens, m: tokens.manager };
}

async function all(
  core: Awaited<ReturnType<typeof withMembers>>['core'],
  token: string,
  input: Record<string, unknown>,
) {
  const rows: MemberSummary[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await core.ok('members:list', { ...input, limit: 7, ...(cursor ? { cursor } : {}) } as never, token);
    rows.push(...page.rows);
    pages++;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { rows, pages };
}

describe('members:list', () => {
  it('keyset pages cover every member exactly once, in order, for every sort and direction', async () => {
    const { core, m } = await withMembers(30);
    for (const sort of ['name', 'createdAt', 'cardNumber'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const { rows, pages } = await all(core, m, { sort, direction });
        expect(rows).toHaveLength(30);
        expect(new Set(rows.map((r) => r.id)).size).toBe(30);
        expect(pages).toBe(5);
        const key = (r: MemberSummary) =>
          sort === 'name'
            ? r.name!.toLowerCase()
            : sort === 'createdAt'
              ? String(r.createdAt).padStart(15, '0')
              : r.cardNumber;
        const keys = rows.map(key);
        const sorted = [...keys].sort();
        if (direction === 'desc') sorted.reverse();
        expect(keys, `${sort} ${direction}`).toEqual(sorted);
      }
    }
  });

  it('first page carries the total; filters by status and by text', async () => {
    const { core, tokens, m } = await withMembers(12);
    const first = await core.ok('members:list', { limit: 5 }, m);
    expect(first.total).toBe(12);
    const second = await core.ok('members:list', { limit: 5, cursor: first.nextCursor! }, m);
    expect(second.total).toBeNull();
    const bob = (await core.ok('members:search', { query: 'bob 2' }, tokens.cashier)).results[0];
    await core.ok('members:deactivate', { memberId: bob.id }, tokens.cashier);
    const inactive = await core.ok('members:list', { status: 'inactive' }, m);
    expect(inactive.rows.map((r) => r.id)).toEqual([bob.id]);
    expect(inactive.total).toBe(1);
    expect((await core.ok('members:list', { status: 'active' }, m)).total).toBe(11);
    const text = await core.ok('members:list', { text: 'bob' }, m);
    expect(text.rows.map((r) => r.name).sort()).toEqual(['Bob 2', 'bob 5']);
    expect(text.nextCursor).toBeNull();
  });

  it('uses an index for every sort, status and count (no full scan, no temp b-tree)', async () => {
    const { core } = await withMembers(1);
    const plan = (sql: string, ...args: unknown[]) =>
      (core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((p) => p.detail)
        .join(' | ');
    for (const key of ['m.name_key', 'm.created_at', 'm.card_number']) {
      for (const dir of ['ASC', 'DESC']) {
        for (const status of ['', ' AND m.active = 1', ' AND m.active = 0']) {
          const text = plan(
            `SELECT m.id FROM members m WHERE m.name_key IS NOT NULL${status} AND (${key}, m.seq) > (?, ?) ORDER BY ${key} ${dir}, m.seq ${dir} LIMIT 10`,
            'a',
            1,
          );
          const what = `${key} ${dir}${status}`;
          expect(text, what).not.toContain('TEMP B-TREE');
          expect(text, what).toMatch(/USING (COVERING )?INDEX/);
          if (status.includes('= 0')) expect(text, what).toContain('members_inactive_');
        }
      }
    }
    expect(plan('SELECT count(*) FROM members m WHERE m.name_key IS NOT NULL')).toMatch(/INDEX/);
    expect(plan('SELECT count(*) FROM members m WHERE m.name_key IS NOT NULL AND m.active = 0')).toContain(
      'members_inactive_',
    );
  });

  it('is for managers; bad input is a typed error and writes nothing', async () => {
    const { core, tokens, m } = await withMembers(2);
    expectError(await core.call('members:list', {}, tokens.cashier), 'FORBIDDEN');
    const before = snapshotCounts(core);
    const bad: unknown[] = [
      { sort: 'password_hash' },
      { direction: 'sideways' },
      { status: 'erased' },
      { limit: 0 },
      { limit: 501 },
      { limit: 2.5 },
      { limit: -1 },
      { cursor: 'not-a-cursor' },
      { cursor: Buffer.from('["a", "1; DROP TABLE members"]').toString('base64url') },
      { cursor: 'x'.repeat(100_000) },
      { text: '' },
      { text: 'a\u0007' },
      { unknown: true },
    ];
    for (const input of bad) expectError(await core.call('members:list', input as never, m), 'VALIDATION');
    expect(snapshotCounts(core)).toEqual(before);
  });
});
