import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { useFormat } from '../../lib/use-format';
import { useSession } from '../../stores/session';
import { useAppSettings } from '../../stores/settings';
import { Field } from '../../components/Field';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import type { BackupDto } from '../../../../shared/contract/offline';

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** Back up now, rotation settings, the list of backups and (owner) restore with a confirm step. */
export function BackupSection(props: { onJob(running: boolean): void; refresh(): void }) {
  const { t } = useTranslation('offline');
  const { dateTime } = useFormat();
  const me = useSession((s) => s.staff);
  const signedOut = useSession((s) => s.signedOut);
  const settings = useAppSettings((s) => s.settings);
  const setSettings = useAppSettings((s) => s.setSettings);
  const [backups, setBackups] = useState<BackupDto[]>([]);
  const [every, setEvery] = useState(String(settings?.backupEveryHours ?? 24));
  const [daily, setDaily] = useState(String(settings?.backupKeepDaily ?? 7));
  const [weekly, setWeekly] = useState(String(settings?.backupKeepWeekly ?? 4));
  const [confirming, setConfirming] = useState<BackupDto | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const r = await call('offline:backupList', {});
    if (r.ok) setBackups(r.value);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const job = async <T,>(work: () => Promise<T>) => {
    setBusy(true);
    setError('');
    setNotice('');
    props.onJob(true);
    try {
      return await work();
    } finally {
      props.onJob(false);
      setBusy(false);
      props.refresh();
    }
  };

  const backupNow = () =>
    job(async () => {
      const r = await call('offline:backupNow', {});
      if (!r.ok) return setError(describeError(t, 'offline:backupNow', r.error));
      setNotice(t('backupDone', { name: r.value.name }));
      await load();
    });

  const restore = (b: BackupDto) =>
    job(async () => {
      setConfirming(null);
      const r = await call('offline:backupRestore', { name: b.name, confirm: true });
      if (!r.ok) return setError(describeError(t, 'offline:backupRestore', r.error));
      if (!r.value.stillSignedIn) {
        signedOut();
        return;
      }
      setNotice(t('restoreDone', { name: r.value.restoredFrom, safety: r.value.safetyBackup }));
      const s = await call('settings:get', {});
      if (s.ok) setSettings(s.value);
      await load();
    });

  const saveSettings = async (e: FormEvent) => {
    e.preventDefault();
    const r = await call('settings:update', {
      backupEveryHours: Number(every),
      backupKeepDaily: Number(daily),
      backupKeepWeekly: Number(weekly),
    });
    if (!r.ok) return setError(describeError(t, 'settings:update', r.error));
    setSettings(r.value);
    setError('');
    setNotice(t('backupSaved'));
  };

  return (
    <section aria-labelledby="backups-title" className="data-section">
      <h2 id="backups-title">{t('backupsTitle')}</h2>
      <button type="button" disabled={busy} onClick={() => void backupNow()}>
        {t('backupNow')}
      </button>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{notice}</StatusMessage>
      {confirming ? (
        <div role="alertdialog" aria-labelledby="restore-confirm-text" className="confirm">
          <p id="restore-confirm-text">{t('restoreConfirmText', { at: dateTime(confirming.createdAt) })}</p>
          <button type="button" className="danger" onClick={() => void restore(confirming)}>
            {t('restoreConfirm')}
          </button>
          <button type="button" onClick={() => setConfirming(null)} autoFocus>
            {t('cancel')}
          </button>
        </div>
      ) : null}
      {backups.length === 0 ? <p>{t('noBackups')}</p> : null}
      <table aria-label={t('backupsTitle')}>
        <thead>
          <tr>
            <th scope="col">{t('colWhen')}</th>
            <th scope="col">{t('colTrigger')}</th>
            <th scope="col">{t('colSize')}</th>
            <th scope="col">{t('colVerified')}</th>
            {me?.role === 'owner' ? <th scope="col">{t('restoreShort')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {backups.map((b) => (
            <tr key={b.name}>
              <td title={b.name}>{dateTime(b.createdAt)}</td>
              <td>{t(`trigger_${b.trigger}`)}</td>
              <td>{mb(b.sizeBytes)}</td>
              <td>{b.verified ? t('verifiedYes') : t('verifiedNo')}</td>
              {me?.role === 'owner' ? (
                <td>
                  <button
                    type="button"
                    disabled={busy || !b.verified}
                    aria-label={t('restore', { name: dateTime(b.createdAt) })}
                    onClick={() => setConfirming(b)}
                  >
                    {t('restoreShort')}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void saveSettings(e)}>
        <Field
          label={t('backupEvery')}
          type="number"
          min={0}
          max={168}
          value={every}
          onChange={(e) => setEvery(e.target.value)}
        />
        <Field
          label={t('keepDaily')}
          type="number"
          min={1}
          max={90}
          value={daily}
          onChange={(e) => setDaily(e.target.value)}
        />
        <Field
          label={t('keepWeekly')}
          type="number"
          min={0}
          max={104}
          value={weekly}
          onChange={(e) => setWeekly(e.target.value)}
        />
        <button type="submit">{t('saveBackup')}</button>
      </form>
    </section>
  );
}
