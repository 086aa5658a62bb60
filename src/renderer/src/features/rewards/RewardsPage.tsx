import { useTranslation } from 'react-i18next';

/** Rewards catalogue (stub: being built). */
export default function RewardsPage() {
  const { t } = useTranslation('rewards');
  return <section aria-label={t('rewardsTitle')}>{t('rewardsTitle')}</section>;
}
