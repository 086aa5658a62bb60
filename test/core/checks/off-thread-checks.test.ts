import { describe, expect, it } from 'vitest';
import { makeStaffedCore } from '../../helpers/core';
import { tsReportWorker } from '../../helpers/report-worker';
import { seedActivity } from '../offline/seed';
import { coreParts } from '../../../src/main/core/areas';
import type { DailyProgress } from '../../../src/main/core/checks/off-thread-checks';

describe('daily checks off the main thread', () => {
  it('find what the main-thread run finds, report progress per check, and can be cancelled', async () => {
    const { core, tokens } = await makeStaffedCore({ reportWorker: tsReportWorker });
    const s = await seedActivity(core, tokens, { members: 3, purchasesEach: 2 });
    const daily = coreParts().dailyChecks;
    // The scanning checks are the ones that go to the worker.
    expect(daily.filter((c) => c.readOnly).map((c) => c.name)).toEqual(
      expect.arrayContaining(['ledger-full', 'points-member-totals-full']),
    );
    expect(core.runDailyChecksInBackground).toBeDefined();

    const progress: DailyProgress[] = [];
    let turned = 0;
    const tick = setInterval(() => turned++, 1);
    const clean = await core.runDailyChecksInBackground!({ onProgress: (p) => progress.push(p) });
    clearInterval(tick);
    expect(clean).toEqual({ problems: [], cancelled: [] });
    expect(progress.map((p) => p.done)).toEqual(daily.map((_, i) => i + 1));
    expect(progress.every((p) => p.total === daily.length)).toBe(true);
    expect(turned).toBeGreaterThan(0); // the event loop kept turning

    // Damage outside the app: the worker's checks report it, as the main thread's do.
    core.db.prepare('UPDATE points_balances SET balance = balance + 5 WHERE member_id = ?').run(s.memberIds[0]);
    core.db
      .prepare('UPDATE points_member_months SET paid_minor = paid_minor + 1 WHERE member_id = ?')
      .run(s.memberIds[1]);
    const bad = await core.runDailyChecksInBackground!();
    const sync = core.runDailyChecks();
    const byCheck = (ps: { check: string; problem: string }[], name: string) =>
      ps.filter((p) => p.check === name).map((p) => p.problem);
    for (const name of ['ledger-full', 'points-member-totals-full']) {
      expect(byCheck(bad.problems, name).length).toBeGreaterThan(0);
      expect(byCheck(bad.problems, name)).toEqual(byCheck(sync, name));
    }
    expect(byCheck(bad.problems, 'ledger-full').join()).toContain(s.memberIds[0]);
    expect(byCheck(bad.problems, 'points-member-totals-full').join()).toContain(s.memberIds[1]);

    // Cancelled before it starts: nothing runs.
    const before = new AbortController();
    before.abort();
    const none = await core.runDailyChecksInBackground!({ signal: before.signal });
    expect(none.cancelled).toEqual(daily.map((c) => c.name));
    expect(none.problems).toEqual([]);

    // Cancelled after the first check: the rest is not run; the worker is stopped and a later run starts a new one.
    const mid = new AbortController();
    const part = await core.runDailyChecksInBackground!({ signal: mid.signal, onProgress: () => mid.abort() });
    expect(part.cancelled.length).toBe(daily.length - 1);
    const again = await core.runDailyChecksInBackground!();
    expect(again.cancelled).toEqual([]);
    expect(byCheck(again.problems, 'ledger-full').length).toBeGreaterThan(0);
  }, 60_000);
});
