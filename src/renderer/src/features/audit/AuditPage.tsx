import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { dateInputToEpoch } from '../../lib/dates';
import { useFormat } from '../../lib/use-format';
import { Field, SelectField } from '../../components/Field';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import type { AuditEntryDto, InputOf, StaffDto } from '../../../../shared/contract';
import { usePointsFormat } from '../points/use-points-format';
import { toCsv } from '../../lib/csv';
import { downloadText } from '../../lib/download-text';
import {
  AUDIT_ACTION_GROUPS,
  AUDIT_ACTION_TYPES,
  actionTypeName,
  describeAudit,
  type AuditFormatters,
} from './describe-audit';

type Filters = Omit<InputOf<'audit:list'>, 'before' | 'limit'>;

const PAGE_SIZE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;
/** CSV export pages through the log; past this many records it asks for narrower dates. */
const CSV_MAX = 50_000;
const CSV_PAGE = 500;
const CSV_KEYS = {
  seq: 'csvHeader.seq',
  at: 'csvHeader.at',
  staff: 'csvHeader.staff',
  action: 'csvHeader.action',
  description: 'csvHeader.description',
  subject: 'csvHeader.subject',
  target: 'csvHeader.target',
  details: 'csvHeader.details',
} as const;

/**
 * The audit log, newest first, in plain language (describe-audit.ts: one sentence per
 * record in the UI language, staff and members by name), filtered by action type (a
 * list), staff member and dates, paging backwards by `nextBefore`; Export CSV writes
 * every record the filters match, with the same sentence beside the raw code and details.
 */
export default function AuditPage() {
  const { t } = useTranslation(['audit', 'shell']);
  const { dateTime } = useFormat();
  const { pts, money } = usePointsFormat();
  const fmt: AuditFormatters = { pts, money, dateTime };
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState('');
  const [staff, setStaff] = useState<StaffDto[]>([]);
  const [action, setAction] = useState('');
  const [actorId, setActorId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [filters, setFilters] = useState<Filters>({});
  const [entries, setEntries] = useState<AuditEntryDto[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState('');
  const [verdict, setVerdict] = useState<{ text: string; isOk: boolean } | null>(null);

  const load = useCallback(
    async (f: Filters, before?: number) => {
      const r = await call('audit:list', { ...f, before, limit: PAGE_SIZE });
      if (!r.ok) return setError(describeError(t, 'audit:list', r.error));
      setError('');
      setEntries((prev) => (before === undefined ? r.value.entries : [...prev, ...r.value.entries]));
      setNextBefore(r.value.nextBefore);
    },
    [t],
  );

  useEffect(() => {
    void load(filters);
  }, [load, filters]);

  useEffect(() => {
    void call('staff:list', {}).then((r) => {
      if (r.ok) setStaff(r.value);
    });
  }, []);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const fromMs = dateInputToEpoch(from);
    const toDay = dateInputToEpoch(to);
    setFilters({
      // A group ("staff.") is a prefix; a type is exact ('auth.signIn' is not 'auth.signInFailed').
      ...(action.endsWith('.') ? { action } : { actionIs: action || undefined }),
      actorId: actorId || undefined,
      from: fromMs,
      // "To" is inclusive of that whole day; main's `to` is exclusive.
      to: toDay === undefined ? undefined : toDay + DAY_MS,
    });
  };

  const clear = () => {
    setAction('');
    setActorId('');
    setFrom('');
    setTo('');
    setFilters({});
  };

  const exportCsv = async () => {
    setExporting(true);
    setExported('');
    const all: AuditEntryDto[] = [];
    let before: number | undefined;
    for (;;) {
      const r = await call('audit:list', { ...filters, before, limit: CSV_PAGE });
      if (!r.ok) {
        setExporting(false);
        return setError(describeError(t, 'audit:list', r.error));
      }
      all.push(...r.value.entries);
      if (r.value.nextBefore === null || all.length >= CSV_MAX) break;
      before = r.value.nextBefore;
    }
    const rows = all.slice(0, CSV_MAX);
    const h = (k: keyof typeof CSV_KEYS) => t(CSV_KEYS[k]);
    const csv = toCsv([
      [h('seq'), h('at'), h('staff'), h('action'), h('description'), h('subject'), h('target'), h('details')],
      ...rows.map((e) => [
        e.seq,
        new Date(e.at).toISOString(),
        e.staffName ?? e.actorName ?? t('system'),
        e.action,
        describeAudit(t, e, fmt),
        e.subjectName,
        e.target,
        Object.keys(e.details).length ? JSON.stringify(e.details) : '',
      ]),
    ]);
    const day = new Date().toISOString().slice(0, 10);
    downloadText(`perkdesk-audit-${day}.csv`, csv);
    setExporting(false);
    setExported(
      all.length >= CSV_MAX ? t('exportCapped', { count: rows.length }) : t('exported', { count: rows.length }),
    );
  };

  const verify = async () => {
    const r = await call('audit:verify', {});
    if (!r.ok) return setError(describeError(t, 'audit:verify', r.error));
    setVerdict(
      r.value.ok
        ? { text: t('verifyOk', { count: r.value.checked }), isOk: true }
        : { text: t('verifyBroken', { seq: r.value.brokenAt, count: r.value.checked }), isOk: false },
    );
  };

  return (
    <section className="page" aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">{t('shell:pages.audit')}</h1>
        <div className="actions">
          <button type="button" aria-disabled={exporting || undefined} onClick={() => void (exporting || exportCsv())}>
            {exporting ? t('exporting') : t('exportCsv')}
          </button>
          <button type="button" onClick={() => void verify()}>
            {t('verify')}
          </button>
        </div>
      </div>
      <StatusMessage>{exported}</StatusMessage>
      {verdict ? (
        verdict.isOk ? (
          <StatusMessage>{verdict.text}</StatusMessage>
        ) : (
          <ErrorMessage>{verdict.text}</ErrorMessage>
        )
      ) : null}
      <form className="card filters" onSubmit={apply} aria-label={t('filters.label')}>
        <div className="field">
          <label htmlFor="audit-action-type">{t('filters.actionType')}</label>
          <select id="audit-action-type" value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">{t('filters.anyAction')}</option>
            {AUDIT_ACTION_GROUPS.map((g) => (
              <optgroup key={g} label={t(`audit:groups.${g}`)}>
                <option value={`${g}.`}>{t('filters.everyIn', { group: t(`audit:groups.${g}`) })}</option>
                {AUDIT_ACTION_TYPES.filter((a) => a.startsWith(`${g}.`)).map((a) => (
                  <option key={a} value={a}>
                    {actionTypeName(t, a)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <SelectField
          label={t('filters.actor')}
          value={actorId}
          onChange={setActorId}
          options={[
            { value: '', label: t('filters.anyone') },
            ...staff.map((s) => ({ value: s.id, label: `${s.displayName} (${s.username})` })),
          ]}
        />
        <Field label={t('filters.from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <Field label={t('filters.to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <div className="actions">
          <button type="submit" className="primary">
            {t('filters.apply')}
          </button>
          <button type="button" onClick={clear}>
            {t('filters.clear')}
          </button>
        </div>
      </form>
      <ErrorMessage>{error}</ErrorMessage>
      <table aria-label={t('shell:pages.audit')} className="audit-table">
        <thead>
          <tr>
            <th scope="col">{t('columns.seq')}</th>
            <th scope="col">{t('columns.at')}</th>
            <th scope="col">{t('columns.actor')}</th>
            <th scope="col">{t('columns.action')}</th>
            <th scope="col">{t('columns.description')}</th>
            <th scope="col">{t('columns.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{dateTime(e.at)}</td>
              <td title={e.actorName ?? undefined}>{e.staffName ?? e.actorName ?? t('system')}</td>
              <td title={e.action}>{actionTypeName(t, e.action)}</td>
              <td>{describeAudit(t, e, fmt)}</td>
              <td className="mono details">
                {/* The stored record as it is (ids, codes), for whoever needs the exact values. */}
                {Object.keys(e.details).length || e.target ? (
                  <details>
                    <summary>{t('columns.details')}</summary>
                    {e.target ? <div>{e.target}</div> : null}
                    {Object.keys(e.details).length ? JSON.stringify(e.details) : ''}
                  </details>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 ? <p>{t('empty')}</p> : null}
      {nextBefore !== null ? (
        <button type="button" onClick={() => void load(filters, nextBefore)}>
          {t('loadOlder')}
        </button>
      ) : null}
    </section>
  );
}
