/**
 * Cancel on the Data page's running job, end to end (English and Chinese, 1024×768):
 * Cancel import keeps the whole chunks already written and says how many (and importing
 * the same file again adds the rest, as the text says); Cancel export
 * writes no files. What was recorded is read back from the audit log page and the store.
 *
 * No race with a fast machine or a slow one: the test host holds a main-thread job after
 * its first step until it is cancelled (host.holdJobs, the core's holdJobStep — set only by
 * the test host, never by the app), and the spec presses Cancel only once the progress
 * with rows done is on screen.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, MANAGER, seedStaff, screenshot, type AppUnderTest } from './fixtures';
import { COMMON, LANGS, signInUi, storeAs, type Lang } from './counter-helpers';
import type { TestHost } from '../host/server';

const ROWS = 2000;

const UI = {
  en: {
    data: 'Data',
    audit: 'Audit log',
    progress: 'Progress',
    importSection: 'Import members from CSV',
    exportSection: 'Export for head office',
    file: 'CSV file',
    dryRun: 'Check the file (dry run)',
    dryRunDone: (created: number, duplicates: number) =>
      `Check: ${ROWS} rows — ${created} new, ${duplicates} already members, 0 with problems. Nothing was saved.`,
    runImport: 'Import members',
    importing: new RegExp(`^Importing rows… \\d+ of ${ROWS} rows \\(\\d+%\\)$`),
    cancelImport: 'Cancel import',
    importedRest: (created: number, duplicates: number) =>
      `Imported: ${created} new members, ${duplicates} already members skipped, 0 rows refused.`,
    importCancelled: (done: number, created: number) =>
      `Import cancelled after ${done} of ${ROWS} rows: ${created} new members were added. Import the same file again to add the rest — members already added are skipped as duplicates.`,
    runFull: 'Full export now',
    writing: /^Writing \S+… \d+ of \d+ rows \(\d+%\)$/,
    cancelExport: 'Cancel export',
    exportCancelled: 'Export cancelled. No export files were written.',
    history: 'Recent exports',
    failed: /^Failed: /,
    cancelAudited: `${MANAGER.displayName} cancelled a running export or import.`,
  },
  'zh-CN': {
    data: '数据',
    audit: '审计日志',
    progress: '进度',
    importSection: '从 CSV 导入会员',
    exportSection: '导出给总部',
    file: 'CSV 文件',
    dryRun: '检查文件（试运行）',
    dryRunDone: (created: number, duplicates: number) =>
      `检查结果：共 ${ROWS} 行，其中新会员 ${created} 位，已是会员 ${duplicates} 位，有问题 0 行。未保存任何数据。`,
    runImport: '导入会员',
    importing: new RegExp(`^正在导入… 已完成 \\d+ / ${ROWS} 行（\\d+%）$`),
    cancelImport: '取消导入',
    importedRest: (created: number, duplicates: number) =>
      `已导入：新会员 ${created} 位，跳过已是会员 ${duplicates} 位，拒绝 0 行。`,
    importCancelled: (done: number, created: number) =>
      `导入已取消：已处理 ${ROWS} 行中的 ${done} 行，新增 ${created} 名会员。再次导入同一文件即可补上其余行——已添加的会员会作为重复项跳过。`,
    runFull: '立即完整导出',
    writing: /^正在写入 \S+… 已完成 \d+ \/ \d+ 行（\d+%）$/,
    cancelExport: '取消导出',
    exportCancelled: '导出已取消，未写入任何导出文件。',
    history: '最近的导出',
    failed: /^失败：/,
    cancelAudited: `${MANAGER.displayName} 取消了正在进行的导出或导入。`,
  },
} as const;

function hostOf(host: AppUnderTest): TestHost {
  test.skip(!host.testHost, 'holds the job through the test host');
  return host.testHost!;
}

/** Every row valid and new, so rows done = members added. */
function membersCsv(rows: number): Buffer {
  const lines = ['姓名,手机号'];
  for (let i = 0; i < rows; i++) lines.push(`Member ${i},1390013${String(i).padStart(4, '0')}`);
  return Buffer.from(lines.join('\r\n'));
}

const count = (h: TestHost, sql: string) => h.core.db.prepare(sql).pluck().get() as number;
const cancelsRecorded = (h: TestHost) =>
  count(h, `SELECT count(*) FROM audit_log WHERE action = 'job.cancelRequested'`);

async function openPage(page: Page, lang: Lang, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: COMMON[lang].nav })
    .getByRole('button', { name: label, exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
}

/** Presses Cancel once the held job's progress, with rows done, is on screen. */
async function cancelWhenShown(page: Page, lang: Lang, status: RegExp, cancel: string): Promise<void> {
  const progress = page.getByRole('group', { name: UI[lang].progress });
  await expect(progress.getByRole('status')).toHaveText(status);
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await progress.getByRole('button', { name: cancel }).click();
  await expect(progress).toBeHidden();
}

async function auditShowsCancel(page: Page, lang: Lang): Promise<void> {
  await openPage(page, lang, UI[lang].audit);
  await expect(
    page.getByRole('table', { name: UI[lang].audit }).getByRole('cell', { name: UI[lang].cancelAudited, exact: true }),
  ).toHaveCount(1);
}

for (const lang of LANGS) {
  test(`Cancel import keeps what was added and says how much (${lang})`, async ({ page, host }) => {
    const h = hostOf(host);
    const ui = UI[lang];
    await seedStaff(page, host, [{ ...MANAGER, role: 'manager' }]);
    const store = await storeAs(host);
    if (lang !== 'en') await store('settings:update', { locale: lang });
    await signInUi(page, lang, MANAGER);
    await openPage(page, lang, ui.data);

    const section = page.getByRole('region', { name: ui.importSection });
    await section
      .getByLabel(ui.file)
      .setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: membersCsv(ROWS) });
    await section.getByRole('button', { name: ui.dryRun }).click();
    await expect(section.getByRole('status')).toHaveText(ui.dryRunDone(ROWS, 0));
    expect(count(h, 'SELECT count(*) FROM members')).toBe(0);

    h.holdJobs(true);
    try {
      await section.getByRole('button', { name: ui.runImport }).click();
      await cancelWhenShown(page, lang, ui.importing, ui.cancelImport);
      const refusal = section.getByRole('alert');
      await expect(refusal).toBeVisible();
      // Whole chunks were kept: at least the first, never the whole file.
      const added = count(h, 'SELECT count(*) FROM members');
      expect(added).toBeGreaterThan(0);
      expect(added).toBeLessThan(ROWS);
      await expect(refusal).toHaveText(ui.importCancelled(added, added));
      await refusal.scrollIntoViewIfNeeded();
      await screenshot(page, `data-import-cancelled-${lang}`);
    } finally {
      h.holdJobs(false);
    }
    const added = count(h, 'SELECT count(*) FROM members');
    expect(cancelsRecorded(h)).toBe(1);
    const imported = JSON.parse(
      h.core.db.prepare(`SELECT details FROM audit_log WHERE action = 'members.imported'`).pluck().get() as string,
    ) as { created: number; cancelledAfterRows?: number };
    expect(imported).toMatchObject({ created: added, cancelledAfterRows: added });
    await auditShowsCancel(page, lang);

    // What the refusal says holds: the same file again adds the rest, the kept rows are skipped.
    await openPage(page, lang, ui.data);
    await section
      .getByLabel(ui.file)
      .setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: membersCsv(ROWS) });
    await section.getByRole('button', { name: ui.dryRun }).click();
    await expect(section.getByRole('status')).toHaveText(ui.dryRunDone(ROWS - added, added));
    await section.getByRole('button', { name: ui.runImport }).click();
    await expect(section.getByRole('status')).toHaveText(ui.importedRest(ROWS - added, added));
    expect(count(h, 'SELECT count(*) FROM members')).toBe(ROWS);
  });

  test(`Cancel export writes no files (${lang})`, async ({ page, host }) => {
    const h = hostOf(host);
    const ui = UI[lang];
    await seedStaff(page, host, [{ ...MANAGER, role: 'manager' }]);
    const store = await storeAs(host);
    if (lang !== 'en') await store('settings:update', { locale: lang });
    for (let i = 0; i < 5; i++) await store('members:register', { name: `Export ${i}`, phone: `1390014000${i}` });
    const dir = mkdtempSync(join(tmpdir(), 'perkdesk-e2e-cancel-export-'));
    await store('offline:exportConfig', {
      exportDir: dir,
      exportEveryHours: 0,
      exportClosingTime: '',
      exportFormats: ['csv', 'jsonl'],
      exportCsvBom: false,
    });
    await signInUi(page, lang, MANAGER);
    await openPage(page, lang, ui.data);

    const section = page.getByRole('region', { name: ui.exportSection });
    h.holdJobs(true);
    try {
      await section.getByRole('button', { name: ui.runFull }).click();
      await cancelWhenShown(page, lang, ui.writing, ui.cancelExport);
      await expect(section.getByRole('alert')).toHaveText(ui.exportCancelled);
      await section.getByRole('alert').scrollIntoViewIfNeeded();
      await screenshot(page, `data-export-cancelled-${lang}`);
    } finally {
      h.holdJobs(false);
    }
    // Nothing on disk: no export folder, no partial one left behind.
    expect(readdirSync(dir)).toEqual([]);
    await expect(section.getByRole('table', { name: ui.history }).getByRole('cell', { name: ui.failed })).toHaveCount(
      1,
    );
    expect(count(h, `SELECT count(*) FROM export_runs WHERE status = 'ok'`)).toBe(0);
    expect(cancelsRecorded(h)).toBe(1);
    await auditShowsCancel(page, lang);
  });
}
