import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { useFormat } from '../../lib/use-format';
import { formatDate } from '../../lib/dates';
import { Field, SelectField } from '../../components/Field';
import { ErrorMessage } from '../../components/Messages';
import type {
  ExpiryForecastDto,
  RedemptionByRewardDto,
  ReportKind,
  SummaryReportDto,
  TierBucketDto,
  TopMemberDto,
} from '../../../../shared/contract/reports';
import { BarChart } from './charts';
import { downloadReportCsv } from './download';
import { periodFor, type PeriodChoice } from './period';
import './reports.css';

interface Data {
  summary: SummaryReportDto;
  top: TopMemberDto[];
  tiers: TierBucketDto[];
  redemptions: RedemptionByRewardDto[];
  expiry: ExpiryForecastDto;
}

/** Manager reports for today or a chosen period, with charts and CSV downloads. */
export default function ReportsPage() {
  const { t } = useTranslation(['reports', 'shell']);
  const { money, locale } = useFormat();
  const [choice, setChoice] = useState<PeriodChoice>('today');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    const period = periodFor(choice, new Date(), custom);
    if (!period) return;
    const [summary, top, tiers, redemptions, expiry] = await Promise.all([
      call('reports:summary', period),
      call('reports:topMembers', { ...period, limit: 10 }),
      call('reports:tierDistribution', {}),
      call('reports:redemptionByReward', period),
      call('reports:expiryForecast', { days: 90 }),
    ]);
    const reads = [
      ['reports:summary', summary],
      ['reports:topMembers', top],
      ['reports:tierDistribution', tiers],
      ['reports:redemptionByReward', redemptions],
      ['reports:expiryForecast', expiry],
    ] as const;
    for (const [channel, r] of reads) {
      if (!r.ok) return setError(describeError(t, channel, r.error));
    }
    setError('');
    if (summary.ok && top.ok && tiers.ok && redemptions.ok && expiry.ok) {
      setData({
        summary: summary.value,
        top: top.value,
        tiers: tiers.value,
        redemptions: redemptions.value,
        expiry: expiry.value,
      });
    }
  }, [choice, custom, t]);

  useEffect(() => {
    if (choice !== 'custom') void load();
  }, [choice, load]);

  const download = async (report: ReportKind) => {
    const period = periodFor(choice, new Date(), custom);
    if (!period) return;
    const err = await downloadReportCsv(report, period);
    if (err) setError(describeError(t, 'reports:csv', err));
  };

  const csvButton = (report: ReportKind, name: string) => (
    <button type="button" aria-label={t('downloadCsv', { report: name })} onClick={() => void download(report)}>
      {t('downloadShort')}
    </button>
  );

  const s = data?.summary;
  const liab = s?.liability;
  return (
    <section className="page reports" aria-labelledby="reports-title">
      <h1 id="reports-title">{t('shell:pages.reports')}</h1>
      <div className="row-actions">
        <SelectField
          label={t('period')}
          value={choice}
          onChange={(v) => setChoice(v as PeriodChoice)}
          options={(['today', 'last7', 'last30', 'custom'] as const).map((c) => ({ value: c, label: t(c) }))}
        />
        {choice === 'custom' ? (
          <>
            <Field
              label={t('from')}
              type="date"
              value={custom.from}
              onChange={(e) => setCustom({ ...custom, from: e.target.value })}
            />
            <Field
              label={t('to')}
              type="date"
              value={custom.to}
              onChange={(e) => setCustom({ ...custom, to: e.target.value })}
            />
            <button type="button" onClick={() => void load()}>
              {t('show')}
            </button>
          </>
        ) : null}
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      {s && liab ? (
        <>
          <section aria-labelledby="summary-title">
            <h2 id="summary-title">
              {t('summaryTitle')} {csvButton('summary', t('summaryTitle'))}
            </h2>
            <dl className="report-figures">
              <div>
                <dt>{t('purchases')}</dt>
                <dd>{s.purchases.count}</dd>
              </div>
              <div>
                <dt>{t('spend')}</dt>
                <dd>{money(s.purchases.paidMinor)}</dd>
              </div>
              <div>
                <dt>{t('refunds')}</dt>
                <dd>{money(s.refunds.amountMinor)}</dd>
              </div>
              <div>
                <dt>{t('netSpend')}</dt>
                <dd>{money(s.netSpendMinor)}</dd>
              </div>
              <div>
                <dt>{t('outstanding')}</dt>
                <dd data-testid="outstanding-points">{liab.outstandingPoints.toLocaleString(locale)}</dd>
              </div>
              <div className="figure-liability">
                <dt>{t('liability')}</dt>
                <dd
                  data-testid="liability"
                  title={t('liabilityHint', {
                    points: liab.outstandingPoints,
                    value: money(liab.redeemValue.minor),
                    per: liab.redeemValue.perPoints,
                  })}
                >
                  {money(liab.liabilityMinor)}
                </dd>
              </div>
            </dl>
            <h3>{t('pointsTitle')}</h3>
            <BarChart
              testId="points-chart"
              label={t('pointsChart')}
              labels={[t('issued'), t('redeemed'), t('expired'), t('adjusted'), t('clawedBack')]}
              values={[s.points.issued, s.points.redeemed, s.points.expired, s.points.adjusted, s.points.clawedBack]}
            />
          </section>

          <section aria-labelledby="expiry-title">
            <h2 id="expiry-title">
              {t('expiryTitle')} {csvButton('expiry', t('expiryTitle'))}
            </h2>
            <BarChart
              label={t('expiryChart')}
              color="#c0792a"
              labels={data.expiry.buckets.map((b) => t('weekOf', { date: formatDate(b.from, locale) }))}
              values={data.expiry.buckets.map((b) => b.points)}
            />
          </section>

          <section aria-labelledby="tiers-title">
            <h2 id="tiers-title">
              {t('tiersTitle')} {csvButton('tiers', t('tiersTitle'))}
            </h2>
            <BarChart
              label={t('tiersChart')}
              color="#5a8f3c"
              labels={data.tiers.map((b) => b.tier ?? t('noTier'))}
              values={data.tiers.map((b) => b.members)}
            />
            <table aria-label={t('tiersTitle')}>
              <thead>
                <tr>
                  <th scope="col">{t('colTier')}</th>
                  <th scope="col">{t('colThreshold')}</th>
                  <th scope="col">{t('colMembers')}</th>
                </tr>
              </thead>
              <tbody>
                {data.tiers.map((b) => (
                  <tr key={b.tier ?? ''}>
                    <th scope="row">{b.tier ?? t('noTier')}</th>
                    <td>{b.thresholdMinor === null ? '' : money(b.thresholdMinor)}</td>
                    <td>{b.members}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section aria-labelledby="redemptions-title">
            <h2 id="redemptions-title">
              {t('redemptionsTitle')} {csvButton('redemptions', t('redemptionsTitle'))}
            </h2>
            {data.redemptions.length === 0 ? (
              <p>{t('nothing')}</p>
            ) : (
              <>
                <BarChart
                  label={t('redemptionsChart')}
                  color="#8a4fb0"
                  labels={data.redemptions.map((r) => r.rewardName)}
                  values={data.redemptions.map((r) => r.redemptions)}
                />
                <table aria-label={t('redemptionsTitle')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('colReward')}</th>
                      <th scope="col">{t('colRedemptions')}</th>
                      <th scope="col">{t('colVoided')}</th>
                      <th scope="col">{t('colPoints')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.redemptions.map((r) => (
                      <tr key={r.rewardId}>
                        <td>{r.rewardName}</td>
                        <td>{r.redemptions}</td>
                        <td>{r.voided}</td>
                        <td>{r.points}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>

          <section aria-labelledby="top-title">
            <h2 id="top-title">
              {t('topTitle')} {csvButton('topMembers', t('topTitle'))}
            </h2>
            {data.top.length === 0 ? (
              <p>{t('nothing')}</p>
            ) : (
              <table aria-label={t('topTitle')}>
                <thead>
                  <tr>
                    <th scope="col">{t('colMember')}</th>
                    <th scope="col">{t('colCard')}</th>
                    <th scope="col">{t('colPurchases')}</th>
                    <th scope="col">{t('colSpend')}</th>
                    <th scope="col">{t('colEarned')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.top.map((m) => (
                    <tr key={m.memberId}>
                      <td>{m.name ?? t('erased')}</td>
                      <td>{m.cardNumber}</td>
                      <td>{m.purchases}</td>
                      <td>{money(m.spendMinor)}</td>
                      <td>{m.pointsEarned}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      ) : null}
    </section>
  );
}
