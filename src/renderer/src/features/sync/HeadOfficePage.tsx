import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { useCommand } from '../../lib/use-command';
import { useFormat } from '../../lib/use-format';
import { useQuery } from '../../lib/use-query';
import { SYNC_POLL_MS } from './SyncStatus';

/**
 * Head office, for managers: join the chain with the one-time code head office issued
 * (standalone or revoked terminals), or see where this terminal stands — store, last
 * contact, what waits, and the operations head office refused (they stay recorded here;
 * undo their effect with an ordinary operation).
 */
export default function HeadOfficePage() {
  const { t } = useTranslation(['sync', 'shell']);
  const { dateTime } = useFormat();
  const status = useQuery('sync:status', {});
  const refused = useQuery('sync:refused', {});
  const enrol = useCommand('sync:enrol');
  const syncNow = useCommand('sync:now');
  const { refetch: refetchStatus } = status;
  const { refetch: refetchRefused } = refused;
  useEffect(() => {
    const timer = setInterval(() => {
      refetchStatus();
      refetchRefused();
    }, SYNC_POLL_MS);
    return () => clearInterval(timer);
  }, [refetchStatus, refetchRefused]);
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');

  const s = status.data;
  const canEnrol = s !== null && (s.mode === 'standalone' || s.revoked);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await enrol.run({ serverUrl: serverUrl.trim(), code: code.trim(), name: name.trim() });
    if (r.ok) {
      setCode('');
      await syncNow.run({});
    }
  };
  const when = (ms: number | null) => (ms === null ? t('page.never') : dateTime(ms));

  return (
    <section className="page" aria-labelledby="head-office-title">
      <h1 id="head-office-title">{t('shell:pages.headOffice')}</h1>
      {s?.mode === 'chain' && (
        <dl aria-label={t('page.details')}>
          <dt>{t('page.store')}</dt>
          <dd>{s.storeName}</dd>
          <dt>{t('page.terminal')}</dt>
          <dd>{s.terminalName}</dd>
          <dt>{t('page.address')}</dt>
          <dd>{s.serverUrl}</dd>
          <dt>{t('page.lastContact')}</dt>
          <dd>{when(s.lastContactAt)}</dd>
          <dt>{t('page.waiting')}</dt>
          <dd>{s.waiting}</dd>
          {s.lastError && (
            <>
              <dt>{t('page.problem')}</dt>
              <dd>{s.lastError}</dd>
            </>
          )}
        </dl>
      )}
      {s?.mode === 'chain' && (
        // The bound on what offline spending can overdraw (README, Head office).
        <section aria-label={t('page.exposureTitle')}>
          <h2>{t('page.exposureTitle')}</h2>
          <p>{t('page.exposureRule', { allowance: s.offlineAllowance })}</p>
          <p>
            {s.offlineSpent
              ? t('page.exposureNow', { points: s.offlineSpent.points, count: s.offlineSpent.members })
              : t('page.exposureOnline')}
          </p>
        </section>
      )}
      {s?.mode === 'chain' && !s.revoked && (
        <button type="button" disabled={syncNow.busy} onClick={() => void syncNow.run({}).then(() => status.refetch())}>
          {t('syncNow')}
        </button>
      )}
      {canEnrol && (
        <form onSubmit={(e) => void submit(e)} aria-label={t('page.enrolTitle')}>
          <h2>{t('page.enrolTitle')}</h2>
          <p>{t('page.enrolHint')}</p>
          <Field
            label={t('page.address')}
            value={serverUrl}
            onChange={(e) => setServerUrl(e.target.value)}
            placeholder="https://head-office.example.com"
            required
          />
          <Field label={t('page.code')} value={code} onChange={(e) => setCode(e.target.value)} required />
          <Field label={t('page.terminalName')} value={name} onChange={(e) => setName(e.target.value)} required />
          <button type="submit" disabled={enrol.busy}>
            {t('page.enrol')}
          </button>
          <ErrorMessage>{enrol.errorText}</ErrorMessage>
        </form>
      )}
      <StatusMessage>{enrol.result ? t('page.enrolled', { store: enrol.result.storeName }) : null}</StatusMessage>
      {(refused.data?.length ?? 0) > 0 && (
        <table aria-label={t('page.refused')}>
          <thead>
            <tr>
              <th>{t('page.when')}</th>
              <th>{t('page.kind')}</th>
              <th>{t('page.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {refused.data!.map((r) => (
              <tr key={r.seq}>
                <td>{dateTime(r.at)}</td>
                <td>{r.kind}</td>
                <td>{r.reason ?? r.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
