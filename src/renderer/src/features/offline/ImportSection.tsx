import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { SelectField } from '../../components/Field';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { IMPORT_FIELDS, type ImportField, type ImportReportDto } from '../../../../shared/contract/offline';
import { refusedRowsCsv } from './refused-rows';
import { downloadText } from '../../lib/download-text';

/** The picked file's bytes as base64: main decodes them in the chosen encoding. */
async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * CSV member import: pick a file, check it (dry run: per-row problems, nothing saved),
 * adjust the column mapping if needed, then import. Importing the same file again
 * creates nobody: rows whose phone or email already exists are skipped.
 */
export function ImportSection(props: { onJob(running: boolean): void }) {
  const { t } = useTranslation('offline');
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<'utf-8' | 'gb18030'>('utf-8');
  const [report, setReport] = useState<ImportReportDto | null>(null);
  const [mapping, setMapping] = useState<Partial<Record<ImportField, string>> | undefined>(undefined);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean) => {
    if (!file) return setError(t('pickFileFirst'));
    setBusy(true);
    setError('');
    const input = { fileBase64: await fileToBase64(file), encoding, mapping };
    props.onJob(true);
    const r = await call(dryRun ? 'offline:importDryRun' : 'offline:import', input);
    props.onJob(false);
    setBusy(false);
    if (!r.ok) return setError(describeError(t, dryRun ? 'offline:importDryRun' : 'offline:import', r.error));
    setReport(r.value);
    setMapping(r.value.mapping);
  };

  const setField = (field: ImportField, header: string) =>
    setMapping((m) => {
      const next = { ...(m ?? {}) };
      if (header) next[field] = header;
      else delete next[field];
      return next;
    });

  /** The file's own name for a field's column ("手机"), else the field's name here. */
  const columnOf = (field: string | null) =>
    field === null
      ? ''
      : (report?.mapping[field as ImportField] ?? t(`field_${field as ImportField}`, { defaultValue: field }));

  /** The refused rows as the file had them, plus a problem column: fix them and import that file. */
  const downloadRefused = async () => {
    if (!file || !report) return;
    const text = new TextDecoder(encoding).decode(await file.arrayBuffer());
    const csv = refusedRowsCsv(
      text,
      report.errors,
      (e) => `${columnOf(e.field)}: ${problemText(e)}`.replace(/^: /, ''),
      t('colProblem'),
    );
    downloadText(`${file.name.replace(/\.csv$/i, '')}-refused.csv`, csv);
  };
  const problemText = (e: ImportReportDto['errors'][number]) =>
    t(`reason_${e.reason}` as 'reason_formula', { defaultValue: e.message });

  const summary = report
    ? t(report.dryRun ? 'dryRunResult' : 'importResult', {
        total: report.totalRows,
        created: report.created,
        duplicates: report.duplicates,
        errors: report.errorCount,
      })
    : '';

  return (
    <section aria-labelledby="import-title" className="data-section">
      <h2 id="import-title">{t('importTitle')}</h2>
      <div className="field">
        <label htmlFor="import-file">{t('importFile')}</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setReport(null);
            setMapping(undefined);
          }}
        />
      </div>
      <SelectField
        label={t('encoding')}
        value={encoding}
        onChange={(v) => setEncoding(v as 'utf-8' | 'gb18030')}
        options={[
          { value: 'utf-8', label: t('encodingUtf8') },
          { value: 'gb18030', label: t('encodingGb') },
        ]}
      />
      {report
        ? IMPORT_FIELDS.map((f) => (
            <SelectField
              key={f}
              label={t('mapping', { field: t(`field_${f}`) })}
              value={mapping?.[f] ?? ''}
              onChange={(v) => setField(f, v)}
              options={[{ value: '', label: t('notMapped') }, ...report.headers.map((h) => ({ value: h, label: h }))]}
            />
          ))
        : null}
      <div className="row-actions">
        <button type="button" disabled={busy} onClick={() => void run(true)}>
          {t('dryRun')}
        </button>
        <button type="button" disabled={busy || !report} onClick={() => void run(false)}>
          {t('runImport')}
        </button>
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{summary}</StatusMessage>
      {report && report.errors.length > 0 ? (
        <>
          <p className="hint">{t('rowsAsSpreadsheet')}</p>
          <button type="button" onClick={() => void downloadRefused()}>
            {t('downloadRefused', { count: report.errors.length })}
          </button>
          <table aria-label={t('colProblem')}>
            <thead>
              <tr>
                <th scope="col">{t('colRow')}</th>
                <th scope="col">{t('colField')}</th>
                <th scope="col">{t('colProblem')}</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.map((e) => (
                <tr key={`${e.row}-${e.reason}`}>
                  {/* records[0] is the header, so the spreadsheet's row is the record's index + 1. */}
                  <td>{e.row + 1}</td>
                  <td>{columnOf(e.field)}</td>
                  <td>{problemText(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
