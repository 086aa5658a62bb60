import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { makeStaffedCore, type TestCore } from '../../helpers/core';
import { expectError } from '../../helpers/expect-result';
import { tsJobWorker } from '../../helpers/job-worker';
import { cancelJob } from '../../../src/main/core/offline/jobs';
import { importMembers } from '../../../src/main/core/offline/import/import-members';
import { JobCancelledError, JobWorkerError } from '../../../src/main/core/offline/job-errors';
import type { MakeJobWorker } from '../../../src/main/core/offline/job-threads';
import { readSettings } from '../../../src/main/core/settings/settings-store';
import { refusal } from '../../../src/main/core/errors';
import { appendAudit, verifyAuditChain } from '../../../src/main/core/audit/audit-log';

/**
 * The member import with its parsing and checks in a worker thread (import-in-worker.ts):
 * the same report and the same members as the main-thread import, a file of IMPORT_ROWS
 * rows (100,000 in the deep run, vitest.deep.config.ts) with the counter served meanwhile,
 * cancel, and a failing worker as a typed error. The main thread's longest stall is
 * printed, not asserted (timing on a shared machine): the figure is the bench's.
 */
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const ROWS = Number(process.env.IMPORT_ROWS ?? 5_000);

const FILES = {
  good: [
    'Name,Phone,Email,Birthday,Consent',
    'Li Wei,138 0013 8001,li.wei@example.com,1990-05-01,yes',
    '"Wang, Fang",+86 138-0013-8002,,,no',
    '张伟,13800138003,zhang@example.cn,,1',
    'Li Again,13800138001,,,',
  ].join('\r\n'),
  bad: [
    'name,phone,email,consent',
    '"=cmd|\' /C calc\'!A0",13800138001,,',
    `${'x'.repeat(100_000)},13800138002,,`,
    'Tab\u0007Bell,13800138003,,',
    'Bad Phone,12345,,',
    'Short Row,13800138004',
    'Bad Consent,13800138005,,maybe',
    '@SUM(1),13800138006,,',
    'Good One,+86 13800138007,good@example.com,yes',
    ',13800138008,,',
    'No Contact,,,',
    'Bad Mail Same Phone,13800138007,not-an-email,',
    'Bad Birthday,13800138009,,',
  ].join('\n'),
};

/** What an import left behind: the members and their registration records, without ids. */
function written(core: TestCore) {
  return {
    members: core.db
      .prepare(
        `SELECT name, name_key, phone, phone_last4, email, birthday, marketing_consent, created_by IS NOT NULL AS by
           FROM members ORDER BY seq`,
      )
      .all(),
    grams: core.db.prepare('SELECT count(*) FROM member_name_grams').pluck().get(),
    registered: core.db
      .prepare(
        "SELECT json_remove(details, '$.cardNumber') FROM audit_log WHERE action = 'members.registered' ORDER BY seq",
      )
      .pluck()
      .all(),
    imported: core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'members.imported' ORDER BY seq")
      .pluck()
      .all(),
  };
}

/**
 * A handler context as the dispatcher gives an 'offline:import' handler, for the calls
 * the channels cannot make: a cancel (offline:jobCancel) answers CONFLICT `cancelled`,
 * declared on offline:import with what was kept.
 */
function handlerContext(core: TestCore): Parameters<typeof importMembers>[0] {
  const staffId = core.db.prepare("SELECT id FROM staff WHERE role = 'manager'").pluck().get() as string;
  return {
    db: core.db,
    config: core.config,
    now: core.config.now,
    terminalId: core.terminalId,
    actor: { staffId, username: 'manager', role: 'manager' },
    requireActor: () => ({ staffId, username: 'manager', role: 'manager' }),
    settings: () => readSettings(core.db),
    refuse: refusal,
    audit: (action: string, target: string | null = null, details: Record<string, unknown> = {}) =>
      appendAudit(core.db, {
        at: core.config.now(),
        terminalId: core.terminalId,
        actorId: staffId,
        actorName: 'manager',
        action,
        target,
        details,
      }),
  } as unknown as Parameters<typeof importMembers>[0];
}

describe('member import in a worker thread', () => {
  it('the same reports and the same members as the main-thread import (dry run, import, re-import)', async () => {
    for (const file of Object.values(FILES)) {
      const main = await makeStaffedCore();
      const off = await makeStaffedCore({ jobWorker: tsJobWorker });
      for (const ch of ['offline:importDryRun', 'offline:import', 'offline:import'] as const) {
        const a = await main.core.ok(ch, { fileBase64: b64(file) }, main.tokens.manager);
        const b = await off.core.ok(ch, { fileBase64: b64(file) }, off.tokens.manager);
        expect(b, ch).toEqual(a);
      }
      expect(written(off.core)).toEqual(written(main.core));
    }
  }, 180_000);

  it('file-level refusals are the same typed errors', async () => {
    const { core, tokens } = await makeStaffedCore({ jobWorker: tsJobWorker });
    expectError(
      await core.call('offline:import', { fileBase64: b64('"unclosed,quote\r\nx,y') }, tokens.manager),
      'VALIDATION',
      {
        reason: 'csvUnreadable',
      },
    );
    expectError(
      await core.call(
        'offline:importDryRun',
        { fileBase64: b64('Customer Label,Contact No\r\nAnn,13800138002\r\n') },
        tokens.manager,
      ),
      'VALIDATION',
      { reason: 'missingColumns' },
    );
    // Checked in the worker, where the file is decoded (the schema on the main thread only
    // checks the type and length): nothing written, no job slot taken.
    const before = core.db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    for (const fileBase64 of ['not base64!!', `${b64('name,phone\r\n')}\u0000`, "' OR 1=1 --"]) {
      for (const ch of ['offline:import', 'offline:importDryRun'] as const) {
        expectError(await core.call(ch, { fileBase64 }, tokens.manager), 'VALIDATION', { reason: 'notBase64' });
      }
    }
    expect(core.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(before);
    expect(core.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(0);
  }, 60_000);

  it(`imports ${ROWS} rows from one file, the counter served meanwhile`, async () => {
    const { core, tokens } = await makeStaffedCore({ jobWorker: tsJobWorker });
    const rows = ['name,phone,email'];
    for (let i = 0; i < ROWS; i++) {
      rows.push(`Member ${i},139${String(i).padStart(8, '0')},m${i}@example.com`);
    }
    let last = performance.now();
    let maxStall = 0;
    const probe = setInterval(() => {
      const now = performance.now();
      maxStall = Math.max(maxStall, now - last);
      last = now;
    }, 1);
    const t0 = performance.now();
    let settled = false;
    const running = core
      .call('offline:import', { fileBase64: b64(rows.join('\n')) }, tokens.manager)
      .finally(() => (settled = true));
    // The counter's calls are answered while the import runs (parsing, then writing).
    let served = 0;
    while (!settled) {
      // A write at the counter: it shares the write lock with the import's worker.
      const answer = await core.call(
        'members:register',
        { name: `Walk In ${served}`, phone: `137${String(served).padStart(8, '0')}` },
        tokens.cashier,
      );
      expect(answer.ok, JSON.stringify(answer)).toBe(true);
      served++;
      await new Promise((r) => setTimeout(r, 250));
    }
    const r = await running;
    clearInterval(probe);
    const ms = performance.now() - t0;
    expect(r.ok && r.value).toMatchObject({ totalRows: ROWS, created: ROWS, duplicates: 0, errorCount: 0 });
    expect(core.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(ROWS + served);
    expect(served).toBeGreaterThan(0);
    expect(verifyAuditChain(core.db)).toMatchObject({ ok: true });
    console.log(
      `import ${ROWS} rows in a worker: ${Math.round(ms)} ms, ${Math.round((ROWS / ms) * 1000)} rows/s, ` +
        `max main-thread stall ${maxStall.toFixed(1)} ms, ${served} counter calls served`,
    );
  }, 900_000);

  it('cancel stops between slices: whole slices kept, audited, JobCancelledError', async () => {
    const { core } = await makeStaffedCore({ jobWorker: tsJobWorker });
    const rows = ['name,phone'];
    for (let i = 0; i < 3_000; i++) rows.push(`Member ${i},139${String(i).padStart(8, '0')}`);
    const running = importMembers(
      handlerContext(core),
      { fileBase64: b64(rows.join('\n')), encoding: 'utf-8' },
      {
        dryRun: false,
      },
    ).catch((e: unknown) => e);
    while (!core.db.prepare('SELECT 1 FROM members LIMIT 1').get()) await new Promise((r) => setTimeout(r, 2));
    expect(cancelJob(core.config)).toBe(true);
    const err = await running;
    expect(err).toBeInstanceOf(JobCancelledError);
    const n = core.db.prepare('SELECT count(*) FROM members').pluck().get() as number;
    expect(n).toBeLessThan(3_000);
    // It says what was kept, for the Data page's "Import cancelled after … rows" text.
    const details = (err as JobCancelledError).details as { created: number; done: number; total: number };
    expect(details).toMatchObject({ reason: 'cancelled', job: 'import', created: n, total: 3_000 });
    expect(details.done).toBeGreaterThanOrEqual(n);
    const audit = JSON.parse(
      core.db.prepare("SELECT details FROM audit_log WHERE action = 'members.imported'").pluck().get() as string,
    ) as { created: number; cancelledAfterRows: number };
    expect(audit.created).toBe(n);
    expect(cancelJob(core.config)).toBe(false);
  }, 120_000);

  it('a worker that cannot start, throws or exits is a typed JobWorkerError; nothing is written', async () => {
    const makers: [string, MakeJobWorker, RegExp][] = [
      [
        'cannot start',
        () => {
          throw new Error('no bundle');
        },
        /could not start: no bundle/,
      ],
      ['throws', () => new Worker('throw new Error("boom")', { eval: true }), /boom/],
      ['exits', () => new Worker('process.exit(3)', { eval: true }), /exited with code 3/],
    ];
    for (const [what, make, message] of makers) {
      const { core, tokens } = await makeStaffedCore({ jobWorker: make });
      const err = await importMembers(
        handlerContext(core),
        { fileBase64: b64(FILES.good), encoding: 'utf-8' },
        { dryRun: false },
      ).catch((e: unknown) => e);
      expect(err, what).toBeInstanceOf(JobWorkerError);
      expect((err as JobWorkerError).details).toMatchObject({ reason: 'workerFailed', job: 'import' });
      expect((err as Error).message).toMatch(message);
      // Through the channel: INTERNAL, and no member written.
      const r = await core.call('offline:import', { fileBase64: b64(FILES.good) }, tokens.manager);
      expectError(r, 'INTERNAL');
      expect(core.db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(0);
    }
  }, 120_000);
});
