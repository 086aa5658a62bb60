import type { TFunction } from 'i18next';
import type { JobProgressDto } from '../../../../shared/contract/offline';

/** What the running job's progress says: the step and rows in words, and its Cancel button's label. */
export interface JobProgressText {
  status: string;
  /** Only an export or an import honours a cancel (backup and restore run to the end). */
  cancelLabel: string | null;
}

/** `t` in the `offline` namespace. */
export function describeJobProgress(t: TFunction<'offline'>, job: JobProgressDto): JobProgressText {
  const total = job.total ?? 0;
  const step = t(`phase_${job.phase}` as 'phase_done', { item: job.item ?? '', defaultValue: job.phase });
  const rows =
    total > 0
      ? t('rowsDoneOf', { done: job.done, total, percent: Math.floor((job.done * 100) / total) })
      : t('rowsDone', { done: job.done });
  const cancelLabel = job.kind === 'export' ? t('cancelExport') : job.kind === 'import' ? t('cancelImport') : null;
  return { status: `${step} ${rows}`, cancelLabel };
}
