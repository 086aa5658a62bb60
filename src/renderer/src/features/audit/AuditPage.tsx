import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { dateInputToEpoch } from '../../lib/dates';
import { useFormat } from '../../lib/use-format';
import { Field, SelectField } from '../../components/Field';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import type { AuditEntryDto, InputOf, StaffDto } from '../../../../shared/contract';

type Filters = Omit<InputOf<'audit:list'>, 'before' | 'limit'>;

const PAGE_SIZE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The audit log, newest first, with filters and paging backwards by `nextBefore`. */
export default function AuditPage() {
  const { t } = useTranslation(['audit', 'shell']);
  const { dateTime } = useFormat();
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
      action: action.trim() || undefined,
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
        <button type="button" onClick={() => void verify()}>
          {t('verify')}
        </button>
      </div>
      {verdict ? (
        verdict.isOk ? (
          <StatusMessage>{verdict.text}</StatusMessage>
        ) : (
          <ErrorMessage>{verdict.text}</ErrorMessage>
        )
      ) : null}
      <form className="card filters" onSubmit={apply} aria-label={t('filters.label')}>
        <Field
          label={t('filters.action')}
          maxLength={60}
          value={action}
          placeholder={t('filters.actionHint')}
          onChange={(e) => setAction(e.target.value)}
        />
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
            <th scope="col">{t('columns.target')}</th>
            <th scope="col">{t('columns.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{dateTime(e.at)}</td>
              <td>{e.actorName ?? t('system')}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td className="mono">{e.target ?? ''}</td>
              <td className="mono details">{Object.keys(e.details).length ? JSON.stringify(e.details) : ''}</td>
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
