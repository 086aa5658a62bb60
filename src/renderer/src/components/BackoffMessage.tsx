import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './Messages';

/** "Too many failed attempts. Try again in 27 s." while a sign-in back-off runs. */
export function BackoffMessage({ secondsLeft }: { secondsLeft: number }) {
  const { t } = useTranslation('shell');
  if (secondsLeft <= 0) return null;
  return <ErrorMessage>{t('backoff', { seconds: secondsLeft })}</ErrorMessage>;
}
