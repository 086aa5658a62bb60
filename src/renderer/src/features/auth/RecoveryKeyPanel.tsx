import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { recoveryKeyGroups } from './store-currencies';

/**
 * Shows a recovery key exactly once. The key lives only in this component's props:
 * after "Continue" it is gone from the renderer; main stores only its hash.
 *
 * Each group of the key is one unbreakable piece (a line may break only between groups,
 * after the dash), so a copy written down by hand never splits "7K2QM" over two lines.
 * Copy puts it on the clipboard; Print prints this panel alone (print CSS while it shows).
 */
export function RecoveryKeyPanel(props: { recoveryKey: string; intro: string; onDone(): void }) {
  const { t } = useTranslation('auth');
  const [isWritten, setWritten] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const checkId = useId();
  const groups = recoveryKeyGroups(props.recoveryKey);

  useEffect(() => {
    document.body.classList.add('printing-recovery-key');
    return () => document.body.classList.remove('printing-recovery-key');
  }, []);

  const copy = async () => {
    setError('');
    try {
      await navigator.clipboard.writeText(props.recoveryKey);
      setNotice(t('recoveryKey.copied'));
    } catch {
      setNotice('');
      setError(t('recoveryKey.copyFailed'));
    }
  };

  const print = async () => {
    setError('');
    try {
      const r = await window.perkdesk.print();
      if (!r.ok) setError(t('recoveryKey.printFailed'));
    } catch {
      setError(t('recoveryKey.printFailed'));
    }
  };

  return (
    <section className="card narrow recovery-key-panel" aria-labelledby={`${checkId}-title`}>
      <h1 id={`${checkId}-title`}>{t('recoveryKey.title')}</h1>
      <p>{props.intro}</p>
      <p className="recovery-key" aria-label={t('recoveryKey.keyLabel')} role="note">
        {groups.map((g, i) => (
          <span key={i}>
            <span className="recovery-key-group">{g}</span>
            {i < groups.length - 1 ? (
              <>
                -<wbr />
              </>
            ) : null}
          </span>
        ))}
      </p>
      <div className="actions no-print">
        <button type="button" onClick={() => void copy()}>
          {t('recoveryKey.copy')}
        </button>
        <button type="button" onClick={() => void print()}>
          {t('recoveryKey.print')}
        </button>
      </div>
      <StatusMessage>{notice}</StatusMessage>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="check no-print">
        <input id={checkId} type="checkbox" checked={isWritten} onChange={(e) => setWritten(e.target.checked)} />
        <label htmlFor={checkId}>{t('recoveryKey.confirm')}</label>
      </div>
      <button type="button" className="primary no-print" disabled={!isWritten} onClick={props.onDone}>
        {t('recoveryKey.continue')}
      </button>
    </section>
  );
}
