import { useTranslation } from 'react-i18next';

/** The counter: one search box, then the member view (stub: being built). */
export default function CounterPage() {
  const { t } = useTranslation('members');
  return <section aria-label={t('counterTitle')}>{t('counterTitle')}</section>;
}
