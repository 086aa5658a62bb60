import { useTranslation } from 'react-i18next';
import { CellField, DraftField, ListProblem, RowsTable } from './rules-fields';
import { nextKey, type TierDraft } from './rules-form';
import { RulesTierPolicyFields } from './RulesTierPolicyFields';
import type { RulesDraftForm } from './use-rules-draft';

/** Tiers by rolling spend, lowest first, each with its earn multiplier. */
export function RulesTiersSection({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  return (
    <section className="card rules-section" aria-labelledby="rules-tiers-title">
      <h2 id="rules-tiers-title">{t('rules.tiersTitle')}</h2>
      <DraftField
        form={form}
        name="tierWindowMonths"
        path="tierWindowMonths"
        label={t('rules.tierWindowMonths')}
        inputMode="numeric"
      />
      <RulesTierPolicyFields form={form} />
      <RowsTable
        label={t('rules.tiersTitle')}
        columns={[t('rules.tierName'), t('rules.tierThreshold'), t('rules.multiplier')]}
        rows={form.draft.tiers}
        onRemove={(k) => form.removeRow('tiers', k)}
        removeLabel={(i) => t('rules.removeTier', { n: i + 1 })}
        cells={(row: TierDraft, i) => {
          const upd = (patch: Partial<TierDraft>) => form.updateRow('tiers', row.key, patch);
          return [
            <CellField
              key="n"
              label={t('rules.tierNameOf', { n: i + 1 })}
              value={row.name}
              problem={form.problem(`tiers.${i}.name`)}
              onChange={(v) => upd({ name: v })}
            />,
            <CellField
              key="t"
              label={t('rules.tierThresholdOf', { n: i + 1 })}
              value={row.threshold}
              problem={form.problem(`tiers.${i}.thresholdMinor`)}
              onChange={(v) => upd({ threshold: v })}
            />,
            <CellField
              key="m"
              label={t('rules.tierMultiplierOf', { n: i + 1 })}
              value={row.multiplier}
              problem={form.problem(`tiers.${i}.multiplierPercent`)}
              onChange={(v) => upd({ multiplier: v })}
            />,
          ];
        }}
      />
      <ListProblem text={form.problem('tiers')} />
      <button
        type="button"
        onClick={() => form.addRow('tiers', { key: nextKey(), name: '', threshold: '', multiplier: '1' })}
      >
        {t('rules.addTier')}
      </button>
      <p className="hint">{t('rules.tiersHint')}</p>
    </section>
  );
}
