import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { useFormat } from '../../lib/use-format';
import { useAppSettings } from '../../stores/settings';
import { Field } from '../../components/Field';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import type { ExportRunDto, OfflineStatusDto } from '../../../../shared/contract/offline';

/** Export folder and schedule, run now (new data / full), recent runs. */
export function ExportSection(props: {
  status: OfflineStatusDto | null;
  onJob(running: boolean): void;
  refresh(): void;
}) {
  const { t } = useTranslation('offline');
  const { dateTime } = useFormat();
  const settings = useAppSettings((s) => s.settings);
  const setSettings = useAppSettings((s) => s.setSettings);
  const [dir, setDir] = useState(settings?.exportDir ?? '');
  const [every, setEvery] = useState(String(settings?.exportEveryHours ?? 0));
  const [closing, setClosing] = useState(settings?.exportClosingTime ?? '');
  const [csv, setCsv] = useState(settings?.exportFormats.includes('csv') ?? true);
  const [jsonl, setJsonl] = useState(settings?.exportFormats.includes('jsonl') ?? true);
  const [bom, setBom] = useState(settings?.exportCsvBom ?? false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [history, setHistory] = useState<ExportRunDto[]>([]);
  const [busy, setBusy] = useState(false);

  const loadHistory = useCallback(async () => {
    const r = await call('offline:exportHistory', { limit: 10 });
    if (r.ok) setHistory(r.value);
  }, []);
  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setNotice('');
    const formats = [...(csv ? (['csv'] as const) : []), ...(jsonl ? (['jsonl'] as const) : [])];
    const r = await call('offline:exportConfig', {
      exportDir: dir.trim(),
      exportEveryHours: Number(every),
      exportClosingTime: closing.trim(),
      exportFormats: formats,
      exportCsvBom: bom,
    });
    if (!r.ok) return setError(describeError(t, 'offline:exportConfig', r.error));
    setError('');
    setNotice(t('exportSaved'));
    const s = await call('settings:get', {});
    if (s.ok) setSettings(s.value);
    props.refresh();
  };

  const choose = async () => {
    const picked = await window.perkdesk.chooseFolder();
    if (picked) setDir(picked);
  };

  const run = async (kind: 'full' | 'incremental') => {
    setBusy(true);
    setNotice('');
    setError('');
    props.onJob(true);
    const r = await call('offline:exportRun', { kind });
    props.onJob(false);
    setBusy(false);
    if (!r.ok) setError(describeError(t, 'offline:exportRun', r.error));
    else {
      const rows = Object.values(r.value.rows).reduce((a, b) => a + b, 0);
      setNotice(t('exportDone', { folder: r.value.path, rows, files: r.value.files.length }));
    }
    props.refresh();
    await loadHistory();
  };

  const next = props.status?.export.nextDueAt ?? null;
  return (
    <section aria-labelledby="export-title" className="data-section">
      <h2 id="export-title">{t('exportTitle')}</h2>
      <form onSubmit={(e) => void save(e)}>
        <Field
          label={t('exportFolder')}
          hint={t('exportFolderHint')}
          value={dir}
          onChange={(e) => setDir(e.target.value)}
        />
        {window.perkdesk.host === 'electron' ? (
          <button type="button" onClick={() => void choose()}>
            {t('chooseFolder')}
          </button>
        ) : null}
        <Field
          label={t('everyHours')}
          type="number"
          min={0}
          max={168}
          value={every}
          onChange={(e) => setEvery(e.target.value)}
        />
        <Field
          label={t('closingTime')}
          value={closing}
          placeholder="22:00"
          onChange={(e) => setClosing(e.target.value)}
        />
        <fieldset>
          <legend>{t('formats')}</legend>
          <label>
            <input type="checkbox" checked={csv} onChange={(e) => setCsv(e.target.checked)} /> {t('formatCsv')}
          </label>
          <label>
            <input type="checkbox" checked={jsonl} onChange={(e) => setJsonl(e.target.checked)} /> {t('formatJsonl')}
          </label>
        </fieldset>
        <label>
          <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> {t('bom')}
        </label>
        {/* How phones are written (README "Data: exports"): said where the files are set up. */}
        <p className="hint" id="export-phones-note">
          {t('phonesNote')}
        </p>
        <button type="submit">{t('saveExport')}</button>
      </form>
      <div className="row-actions">
        <button type="button" disabled={busy || !settings?.exportDir} onClick={() => void run('incremental')}>
          {t('runIncremental')}
        </button>
        <button type="button" disabled={busy || !settings?.exportDir} onClick={() => void run('full')}>
          {t('runFull')}
        </button>
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{notice}</StatusMessage>
      <p>
        {settings?.exportDir ? (next !== null ? t('nextExport', { at: dateTime(next) }) : null) : t('notConfigured')}
      </p>
      <table aria-label={t('historyTitle')}>
        <caption>{t('historyTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colWhen')}</th>
            <th scope="col">{t('colKind')}</th>
            <th scope="col">{t('colTrigger')}</th>
            <th scope="col">{t('colRows')}</th>
            <th scope="col">{t('colResult')}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.id}>
              <td>{dateTime(h.finishedAt)}</td>
              <td>{t(`kind_${h.kind}`)}</td>
              <td>{t(`trigger_${h.trigger}`)}</td>
              <td>{Object.values(h.rows).reduce((a, b) => a + b, 0)}</td>
              <td>{h.status === 'ok' ? t('resultOk', { folder: h.folder }) : t('resultFailed', { error: h.error })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
