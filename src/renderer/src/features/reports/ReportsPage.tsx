import { useTranslation } from 'react-i18next';

/** Reports with charts and liability (stub: being built). */
export default function ReportsPage() {
  const { t } = useTranslation('reports');
  return <section aria-label={t('reportsTitle')}>{t('reportsTitle')}</section>;
}
