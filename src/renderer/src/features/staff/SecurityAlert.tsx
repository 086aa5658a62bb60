import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../lib/use-query';
import { useSession } from '../../stores/session';

/** How often the status bar asks (a passive read: it never keeps the terminal awake). */
const POLL_MS = 60_000;

/**
 * The repeated-failure alert in the status bar, for managers and the owner: someone has
 * been guessing passwords (a back-off started) in the last 24 hours. The audit log says
 * who, where and when.
 */
export function SecurityAlert() {
  const role = useSession((s) => s.staff?.role);
  if (role !== 'manager' && role !== 'owner') return null;
  return <AlertText />;
}

function AlertText() {
  const { t } = useTranslation('staff');
  const alerts = useQuery('staff:alerts', {});
  const { refetch } = alerts;
  useEffect(() => {
    const timer = setInterval(refetch, POLL_MS);
    return () => clearInterval(timer);
  }, [refetch]);
  const a = alerts.data;
  if (!a || a.backoffs === 0) return null;
  return (
    <span className="status-alert" role="status">
      {t('alerts.repeatedFailures', { count: a.failedAttempts })}
    </span>
  );
}
