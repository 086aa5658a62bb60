import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { describeError } from '../../src/renderer/src/lib/describe-error';
import { describeJobProgress } from '../../src/renderer/src/features/offline/job-progress-text';
import type { JobProgressDto } from '../../src/shared/contract/offline';
import { createTestI18n } from '../helpers/locales';

/**
 * The Data page's running job (JobProgress.tsx) and what the page says once Cancel stopped
 * it (the `cancelled` refusal of offline:import / importDryRun / exportRun, as the core
 * builds it in offline/job-errors.ts), in English and Chinese.
 */
const job = (over: Partial<JobProgressDto>): JobProgressDto => ({
  kind: 'import',
  startedAt: 0,
  phase: 'importing',
  item: null,
  done: 120,
  total: 3000,
  ...over,
});

const importCancelled = {
  code: 'CONFLICT' as const,
  message: 'The import was cancelled after 120 of 3000 rows; 118 new members were added.',
  details: { reason: 'cancelled', job: 'import', created: 118, done: 120, total: 3000 },
};
const nothingChanged = (j: 'import' | 'export') => ({
  code: 'CONFLICT' as const,
  message: `The ${j} was cancelled. Nothing was changed.`,
  details: { reason: 'cancelled', job: j },
});

describe('job progress on the Data page', () => {
  const tOf = (lng: string) => createTestI18n(lng).getFixedT(lng, 'offline') as TFunction<'offline'>;

  it('an import: rows done of total and a Cancel import button (en, zh-CN)', () => {
    expect(describeJobProgress(tOf('en'), job({}))).toEqual({
      status: 'Importing rows… 120 of 3000 rows (4%)',
      cancelLabel: 'Cancel import',
    });
    expect(describeJobProgress(tOf('zh-CN'), job({}))).toEqual({
      status: '正在导入… 已完成 120 / 3000 行（4%）',
      cancelLabel: '取消导入',
    });
  });

  it('an export names the file being written and offers Cancel export (en, zh-CN)', () => {
    const exporting = job({ kind: 'export', phase: 'writing', item: 'ledger.csv', done: 2500, total: 10_000 });
    expect(describeJobProgress(tOf('en'), exporting)).toEqual({
      status: 'Writing ledger.csv… 2500 of 10000 rows (25%)',
      cancelLabel: 'Cancel export',
    });
    expect(describeJobProgress(tOf('zh-CN'), exporting).cancelLabel).toBe('取消导出');
  });

  it('a backup or a restore cannot be cancelled: no button; no total yet: rows only', () => {
    for (const kind of ['backup', 'restore'] as const) {
      expect(describeJobProgress(tOf('en'), job({ kind, phase: 'copying' })).cancelLabel).toBeNull();
    }
    expect(describeJobProgress(tOf('en'), job({ phase: 'starting', done: 0, total: null })).status).toBe(
      'Starting… 0 rows',
    );
  });
});

describe('what the page says after Cancel', () => {
  it('a cancelled import says how many rows were read and members added, and how to add the rest', () => {
    expect(describeError(createTestI18n('en').t, 'offline:import', importCancelled)).toBe(
      'Import cancelled after 120 of 3000 rows: 118 new members were added. Import the same file again to add the rest — members already added are skipped as duplicates.',
    );
    expect(describeError(createTestI18n('zh-CN').t, 'offline:import', importCancelled)).toBe(
      '导入已取消：已处理 3000 行中的 120 行，新增 118 名会员。再次导入同一文件即可补上其余行——已添加的会员会作为重复项跳过。',
    );
  });

  it('a cancelled check and a cancelled export changed nothing (en, zh-CN)', () => {
    const en = createTestI18n('en').t;
    const zh = createTestI18n('zh-CN').t;
    expect(describeError(en, 'offline:importDryRun', nothingChanged('import'))).toBe(
      'Check cancelled. Nothing was changed.',
    );
    expect(describeError(zh, 'offline:importDryRun', nothingChanged('import'))).toBe('检查已取消，未做任何更改。');
    expect(describeError(en, 'offline:exportRun', nothingChanged('export'))).toBe(
      'Export cancelled. No export files were written.',
    );
    expect(describeError(zh, 'offline:exportRun', nothingChanged('export'))).toBe('导出已取消，未写入任何导出文件。');
  });

  it('an import refusal without the counts never shows a placeholder: the core’s own words follow', () => {
    const text = describeError(createTestI18n('en').t, 'offline:import', nothingChanged('import'));
    expect(text).not.toMatch(/\{\{/);
    expect(text).toContain('Nothing was changed');
  });
});
