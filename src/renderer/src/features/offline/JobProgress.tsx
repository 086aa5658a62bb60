import { useTranslation } from 'react-i18next';
import type { JobProgressDto } from '../../../../shared/contract/offline';

/** The running export/backup/restore: a real progressbar with the step in words. */
export function JobProgress({ job }: { job: JobProgressDto | null }) {
  const { t } = useTranslation('offline');
  if (!job) return null;
  const total = job.total ?? 0;
  return (
    <div className="job-progress" role="group" aria-label={t('progress')}>
      <progress
        aria-label={t('progress')}
        value={total > 0 ? job.done : undefined}
        max={total > 0 ? total : undefined}
      />
      <p role="status">{t(`phase_${job.phase}`, { item: job.item ?? '', defaultValue: job.phase })}</p>
    </div>
  );
}
