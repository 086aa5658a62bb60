import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportSection } from './ExportSection';
import { BackupSection } from './BackupSection';
import { ImportSection } from './ImportSection';
import { JobProgress } from './JobProgress';
import { useOfflineStatus } from './use-offline-status';
import './offline.css';

/** Export for head office, backups and restore, member import (manager; restore: owner). */
export default function DataPage() {
  const { t } = useTranslation(['offline', 'shell']);
  const [jobRunning, setJobRunning] = useState(false);
  const { status, refresh } = useOfflineStatus(jobRunning);
  return (
    <section className="page" aria-labelledby="data-title">
      <h1 id="data-title">{t('shell:pages.data')}</h1>
      <JobProgress job={status?.job ?? null} />
      <ExportSection status={status} onJob={setJobRunning} refresh={() => void refresh()} />
      <BackupSection onJob={setJobRunning} refresh={() => void refresh()} />
      <ImportSection onJob={setJobRunning} />
    </section>
  );
}
