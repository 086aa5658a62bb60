import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Shows a recovery key exactly once. The key lives only in this component's props:
 * after "Continue" it is gone from the renderer; main stores only its hash.
 */
export function RecoveryKeyPanel(props: { recoveryKey: string; intro: string; onDone(): void }) {
  const { t } = useTranslation('auth');
  const [isWritten, setWritten] = useState(false);
  const checkId = useId();
  return (
    <section className="card narrow" aria-labelledby={`${checkId}-title`}>
      <h1 id={`${checkId}-title`}>{t('recoveryKey.title')}</h1>
      <p>{props.intro}</p>
      <p className="recovery-key" aria-label={t('recoveryKey.keyLabel')} role="note">
        {props.recoveryKey}
      </p>
      <div className="check">
        <input id={checkId} type="checkbox" checked={isWritten} onChange={(e) => setWritten(e.target.checked)} />
        <label htmlFor={checkId}>{t('recoveryKey.confirm')}</label>
      </div>
      <button type="button" className="primary" disabled={!isWritten} onClick={props.onDone}>
        {t('recoveryKey.continue')}
      </button>
    </section>
  );
}
