import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPIRY_FORECAST_WEEKS, type ReportsDto } from '../../../shared/headoffice/admin-api';
import { adminGet, type ApiResult } from '../api';
import type { Formatters } from '../format';
import { Section } from './Section';

/** A day in the browser's own time zone, as <input type="date"> writes it. */
function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function Reports(props: {
  token: string;
  storeName: (id: string | null) => string;
  onResult: (r: ApiResult<unknown>) => boolean;
  f: Formatters;
}) {
  const { t } = useTranslation();
  const { f, token, onResult } = props;
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [from, setFrom] = useState(() => localDay(Date.now() - 6 * 86_400_000));
  const [to, setTo] = useState(() => localDay(Date.now()));
  const [report, setReport] = useState<ReportsDto | null>(null);

  const load = useCallback(
    async (range: { from: string; to: string }) => {
      const r = await adminGet(token, 'reports', { ...range, tz });
      if (onResult(r) && r.ok) setReport(r.value);
    },
    [token, tz, onResult],
  );
  useEffect(() => {
    // The first view: the last seven days. Later ranges come from the form.
    void load({ from: localDay(Date.now() - 6 * 86_400_000), to: localDay(Date.now()) });
  }, [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load({ from, to });
  };

  return (
    <Section title={t('reports.heading')}>
      <form onSubmit={submit} className="row">
        <label>
          {t('reports.from')}
          <input type="date" value={from} required onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('reports.to')}
          <input type="date" value={to} required onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit">{t('reports.show')}</button>
      </form>
      {report && (
        <>
          <p className="hint">{t('reports.tz', { tz: report.tz })}</p>
          <h3>{t('reports.daily')}</h3>
          {report.days.length === 0 ? (
            <p>{t('reports.noneDaily')}</p>
          ) : (
            <table aria-label={t('reports.daily')}>
              <thead>
                <tr>
                  <th scope="col">{t('reports.day')}</th>
                  <th scope="col">{t('reports.store')}</th>
                  <th scope="col" className="num">
                    {t('reports.earned')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.spent')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.days.map((d) => (
                  <tr key={`${d.day}-${d.storeId}`}>
                    <td>{d.day}</td>
                    <td>{d.storeId === null ? t('reports.headOffice') : props.storeName(d.storeId)}</td>
                    <td className="num">{f.n(d.earned)}</td>
                    <td className="num">{f.n(d.spent)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('reports.top')}</h3>
          {report.topMembers.length === 0 ? (
            <p>{t('reports.noneTop')}</p>
          ) : (
            <table aria-label={t('reports.top')}>
              <thead>
                <tr>
                  <th scope="col">{t('reports.card')}</th>
                  <th scope="col">{t('reports.name')}</th>
                  <th scope="col" className="num">
                    {t('reports.earned')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.balance')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.topMembers.map((m) => (
                  <tr key={m.memberId}>
                    <th scope="row">{m.cardNumber}</th>
                    <td>{m.name ?? t('erased')}</td>
                    <td className="num">{f.n(m.earned)}</td>
                    <td className="num">{f.n(m.balance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('reports.byReward')}</h3>
          {report.redemptions.length === 0 ? (
            <p>{t('reports.noneRedemptions')}</p>
          ) : (
            <table aria-label={t('reports.byReward')}>
              <thead>
                <tr>
                  <th scope="col">{t('reports.reward')}</th>
                  <th scope="col" className="num">
                    {t('reports.redeemed')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.voided')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.points')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.redemptions.map((r) => (
                  <tr key={r.rewardId ?? ''}>
                    <th scope="row">{r.rewardName ?? t('reports.unnamedReward')}</th>
                    <td className="num">{f.n(r.redemptions)}</td>
                    <td className="num">{f.n(r.voided)}</td>
                    <td className="num">{f.n(r.points)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('reports.expiring', { weeks: EXPIRY_FORECAST_WEEKS })}</h3>
          {report.expiring.length === 0 ? (
            <p>{t('reports.noneExpiring', { weeks: EXPIRY_FORECAST_WEEKS })}</p>
          ) : (
            <table aria-label={t('reports.expiring', { weeks: EXPIRY_FORECAST_WEEKS })}>
              <thead>
                <tr>
                  <th scope="col">{t('reports.weekFrom')}</th>
                  <th scope="col" className="num">
                    {t('reports.points')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.expiring.map((w) => (
                  <tr key={w.week}>
                    <td>{f.time(w.from)}</td>
                    <td className="num">{f.n(w.points)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Section>
  );
}
