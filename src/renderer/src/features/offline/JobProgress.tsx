import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import type { JobProgressDto } from '../../../../shared/contract/offline';
import { describeJobProgress } from './job-progress-text';

/**
 * The running export/backup/restore/import: a real progressbar with the step in words, rows
 * done, and for an export or an import (the jobs that honour a cancel) a Cancel button.
 * A second press finds nothing to stop (the core answers `cancelled: false`): harmless.
 */
export function JobProgress({ job }: { job: JobProgressDto | null }) {
  const { t } = useTranslation('offline');
  const [asked, setAsked] = useState(false);
  if (!job) return null;
  const total = job.total ?? 0;
  const { status, cancelLabel } = describeJobProgress(t, job);
  return (
    <div className="job-progress" role="group" aria-label={t('progress')}>
      <progress
        aria-label={t('progress')}
        value={total > 0 ? job.done : undefined}
        max={total > 0 ? total : undefined}
      />
      <p role="status">{status}</p>
      {cancelLabel !== null && (
        <button
          type="button"
          disabled={asked}
          onClick={() => {
            setAsked(true);
            void call('offline:jobCancel', {}).finally(() => setAsked(false));
          }}
        >
          {cancelLabel}
        </button>
      )}
    </div>
  );
}
