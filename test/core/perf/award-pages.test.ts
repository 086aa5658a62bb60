import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore } from '../../helpers/core';
import { registerMember } from '../points/points-helpers';
import { walPagesByTree } from '../../../bench/write-anatomy';

/**
 * The award's write shape (issue 13 item 2): which B-trees one committed award writes a
 * page of. Each page is a WAL frame the commit fsyncs at synchronous=FULL, so a tree that
 * appears here without a query that needs it is pure cost. The list is printed (the
 * README's benchmark section quotes it) and pinned, so a new index on the award path is
 * a decision, not an accident.
 */
describe('award write shape', () => {
  it('a single-line award writes a page of each tree it must keep, and none of the dropped indexes', async () => {
    const { core, tokens } = await makeStaffedCore();
    const members: string[] = [];
    for (let i = 0; i < 40; i++) members.push(await registerMember(core, tokens.cashier, `P ${i}`));
    // Enough history that every tree has its own pages (not all on one root).
    for (let i = 0; i < 300; i++) {
      await core.ok(
        'points:award',
        { opId: randomUUID(), memberId: members[i % 40], receiptNo: `W-${i}`, totalMinor: 1_000 + i },
        tokens.cashier,
      );
    }
    // 20 awards after the WAL was emptied: page splits (a new leaf and its parent) are
    // averaged in, as they are in a real commit stream; the policy's checkpoint waits for 32.
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    const n = 20;
    for (let i = 0; i < n; i++) {
      await core.ok(
        'points:award',
        { opId: randomUUID(), memberId: members[(i * 7) % 40], receiptNo: `W-X${i}`, totalMinor: 12_345 + i },
        tokens.cashier,
      );
    }
    const { frames, trees } = walPagesByTree(core.db);
    const perAward = Object.fromEntries(Object.entries(trees).map(([k, v]) => [k, v / n]));
    console.log(`award: ${frames / n} frames per award`, perAward);
    expect(trees).not.toHaveProperty('points_lots_open');
    // The trees an award writes (the file header's page 1 only when the file grows).
    const written = Object.keys(trees).filter((k) => !k.startsWith('sqlite_schema') && k !== 'free/other');
    expect(written.sort()).toEqual(
      [
        // the audit record (the award is audited: contract points.awarded) and its indexes
        'audit_log',
        'audit_log_action',
        'audit_log_actor',
        'audit_log_at',
        'sqlite_autoindex_audit_log_1',
        'points_balances',
        'points_ledger',
        'points_ledger_created',
        'points_ledger_member',
        'sqlite_autoindex_points_ledger_1',
        'points_lots',
        'points_lots_spend',
        'points_member_months',
        'points_member_months_paid',
        // the member's rolling tier spend and its band index (migration 022)
        'points_tier_spend',
        'points_tier_spend_band',
        'points_operations',
        'sqlite_autoindex_points_operations_1',
        'points_purchase_lines',
        'points_purchases',
        'points_purchases_member',
        'points_purchases_period',
        'points_purchases_receipt_key',
        'sqlite_autoindex_points_purchases_2',
        'points_report_hours',
      ].sort(),
    );
  });
});
