import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore } from '../../helpers/core';
import { tsReportWorker } from '../../helpers/report-worker';
import { seedActivity } from '../offline/seed';
import { summaryReport } from '../../../src/main/core/reports/summary';
import { topMembers } from '../../../src/main/core/reports/period-reports';

describe('reports in a worker thread', () => {
  it('answer as on the main thread, refuse as declared, and let the counter work meanwhile', async () => {
    const { core, tokens } = await makeStaffedCore({ reportWorker: tsReportWorker });
    const from = core.clock.now();
    const s = await seedActivity(core, tokens, { members: 3, purchasesEach: 2 });
    const to = core.clock.now() + 1;
    const now = core.clock.now();

    // The event loop turns while the report is computed elsewhere: an award goes through.
    let turned = false;
    setImmediate(() => (turned = true));
    const pending = core.call('reports:summary', { from, to }, tokens.manager);
    const award = await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: s.memberIds[1], receiptNo: `R-${randomUUID()}`, totalMinor: 100 },
      tokens.cashier,
    );
    expect(award.pointsEarned).toBe(1);
    const r = await pending;
    expect(turned).toBe(true);
    expect(r.ok).toBe(true);
    // Same figures as the main thread's (the award came after `to`, so it is outside).
    expect(r.ok && r.value).toEqual(summaryReport(core.db, from, to, now));
    const top = await core.ok('reports:topMembers', { from, to, limit: 10 }, tokens.manager);
    expect(top).toEqual(topMembers(core.db, from, to, 10));
    const csv = await core.ok('reports:csv', { report: 'summary', from, to }, tokens.manager);
    expect(csv.csv).toContain('purchases');

    // Roles and validation still come first, on the main thread.
    expect((await core.call('reports:summary', { from, to }, tokens.cashier)).ok).toBe(false);
    const bad = await core.call('reports:summary', { from: 'x', to } as never, tokens.manager);
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
  }, 60_000);
});
