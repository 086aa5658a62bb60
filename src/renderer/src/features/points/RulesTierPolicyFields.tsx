import { useTranslation } from 'react-i18next';
import { CheckField, SelectField, TextField } from '../../components/form';
import { TIER_BASES, TIER_DOWNGRADES } from '../../../../shared/contract/points-tiers';
import type { RulesDraftForm } from './use-rules-draft';

/** Tier settings (issue 11 item 5): lifetime or rolling spend, the purchase's own amount, downgrade policy. */
export function RulesTierPolicyFields({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  const d = form.draft;
  return (
    <div className="form-grid">
      <SelectField
        label={t('rules.tierBasis')}
        value={d.tierBasis}
        onChange={(v) => form.set('tierBasis', v)}
        options={TIER_BASES.map((b) => ({ value: b, label: t(`rules.tierBases.${b}`) }))}
      />
      <SelectField
        label={t('rules.tierDowngrade')}
        value={d.tierDowngrade}
        hint={t('rules.tierDowngradeHint')}
        onChange={(v) => form.set('tierDowngrade', v)}
        options={TIER_DOWNGRADES.map((k) => ({ value: k, label: t(`rules.tierDowngrades.${k}`) }))}
      />
      {d.tierDowngrade === 'grace' ? (
        <TextField
          label={t('rules.graceMonths')}
          inputMode="numeric"
          autoComplete="off"
          value={d.graceMonths}
          error={form.problem('tierDowngrade.graceMonths')}
          onChange={(e) => form.set('graceMonths', e.target.value)}
        />
      ) : null}
      <CheckField
        label={t('rules.tierCountsPurchase')}
        checked={d.tierCountsPurchase}
        onChange={(v) => form.set('tierCountsPurchase', v)}
      />
    </div>
  );
}
