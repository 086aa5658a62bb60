import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../components/Messages';
import type { RuleSetDto } from '../../../../shared/contract/points';
import { RulesEditor } from './RulesEditor';
import { MaintenancePanel } from './MaintenancePanel';
import { PromoCodesPanel } from './PromoCodesPanel';
import { usePointsFormat } from './use-points-format';
import { describeRulesState, versionLabel } from './rules-state-text';
import './points.css';

/**
 * Managers' points rules: the version in force and any scheduled ones, the editor
 * (earn and redeem ratios, rounding, pay-with-points, expiry, PIN, refund policy,
 * tiers, category/SKU multipliers, promotions) with a what-if preview before saving a
 * new version, every saved version, and programme maintenance (bulk clear, expiry run,
 * ledger check).
 */
export default function RulesPage() {
  const { t } = useTranslation(['points', 'shell']);
  const { dateTime } = usePointsFormat();
  // Both are re-read after a save (points:saveRules invalidates them).
  const state = useQuery('points:getRules', {}, { keepPrevious: true }).data;
  const versions = useQuery('points:listRuleVersions', {}, { keepPrevious: true }).data ?? [];
  // The last version saved here; the editor starts afresh on the new rules.
  const [saved, setSaved] = useState<RuleSetDto | null>(null);
  const statement = state ? describeRulesState(t, state, dateTime) : null;

  return (
    <section className="page" aria-labelledby="rules-title">
      <h1 id="rules-title">{t('shell:pages.rules')}</h1>
      {state ? (
        <>
          {statement && !statement.fromHeadOffice ? <p>{statement.text}</p> : null}
          <StatusMessage>
            {saved ? t('rules.saved', { version: saved.version, from: dateTime(saved.effectiveFrom) }) : ''}
          </StatusMessage>
          {statement?.fromHeadOffice ? (
            <>
              {/* Chain mode: head office authors the rules (main refuses a save: rulesFromHeadOffice),
                  so the editor is shown for reading only, every field and button disabled. One
                  statement, head office's version only (rules-state-text.ts says why). */}
              <p className="rules-head-office" role="note">
                {statement.text}
              </p>
              <fieldset className="rules-read-only" disabled>
                <RulesEditor key={`ho-${state.current.version}`} base={state.current} onSaved={setSaved} />
              </fieldset>
            </>
          ) : (
            <RulesEditor
              key={`${state.current.version}-${saved?.version ?? 0}`}
              base={state.current}
              onSaved={setSaved}
            />
          )}
        </>
      ) : (
        <p>{t('loading')}</p>
      )}
      <section className="card rules-section" aria-labelledby="rules-versions-title">
        <h2 id="rules-versions-title">{t('rules.versions')}</h2>
        <table aria-label={t('rules.versions')}>
          <thead>
            <tr>
              <th scope="col">{t('rules.version')}</th>
              <th scope="col">{t('rules.effectiveFrom')}</th>
              <th scope="col">{t('rules.savedAt')}</th>
              <th scope="col">{t('rules.summary')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>{versionLabel(t, v)}</td>
                {/* Version 1 is written by the set-up itself, dated 0: "1970" would be untrue. */}
                <td>{v.effectiveFrom === 0 ? t('rules.atSetup') : dateTime(v.effectiveFrom)}</td>
                <td>{v.createdAt === 0 ? t('rules.atSetup') : dateTime(v.createdAt)}</td>
                <td>
                  <RuleSummary rules={v.rules} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <PromoCodesPanel />
      <MaintenancePanel />
    </section>
  );
}

function RuleSummary({ rules }: { rules: RuleSetDto['rules'] }) {
  const { t } = useTranslation(['points', 'shell']);
  const { moneyShort, pts } = usePointsFormat();
  return (
    <>
      {t('rules.summaryLine', {
        earn: pts(rules.earnRate.points),
        per: moneyShort(rules.earnRate.perMinor),
        value: moneyShort(rules.redeemValue.minor),
        perPoints: pts(rules.redeemValue.perPoints),
      })}
      {rules.tiers.length > 0 ? ` · ${rules.tiers.map((x) => x.name).join(t('shell:listSeparator'))}` : ''}
      {rules.promotions.length > 0 ? ` · ${t('rules.promotionCount', { count: rules.promotions.length })}` : ''}
    </>
  );
}
