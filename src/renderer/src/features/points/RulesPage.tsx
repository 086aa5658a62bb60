import { useTranslation } from 'react-i18next';

/** Earn/redeem settings, tiers, promotions with what-if preview (stub: being built). */
export default function RulesPage() {
  const { t } = useTranslation('points');
  return <section aria-label={t('rulesTitle')}>{t('rulesTitle')}</section>;
}
