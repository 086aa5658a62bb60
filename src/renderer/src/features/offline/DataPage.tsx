import { useTranslation } from 'react-i18next';

/** Export, backups and restore, member import (stub: being built). */
export default function DataPage() {
  const { t } = useTranslation('offline');
  return <section aria-label={t('dataTitle')}>{t('dataTitle')}</section>;
}
