import { useTranslation } from 'react-i18next';

/** Managers' virtualised member list (stub: being built). */
export default function MemberListPage() {
  const { t } = useTranslation('members');
  return <section aria-label={t('listTitle')}>{t('listTitle')}</section>;
}
