import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/form';
import { ROUNDING_MODES, ROUNDING_STEPS } from '../../../../shared/contract/points';
import { DraftField } from './rules-fields';
import type { RulesDraftForm } from './use-rules-draft';

/** Earning: a points per amount spent, the rounding (how and where), the minimum spend. */
export function RulesEarningSection({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  return (
    <section className="card rules-section" aria-labelledby="rules-earn-title">
      <h2 id="rules-earn-title">{t('rules.earnTitle')}</h2>
      <div className="form-grid">
        <DraftField
          form={form}
          name="earnPoints"
          path="earnRate.points"
          label={t('rules.earnPoints')}
          inputMode="numeric"
        />
        <DraftField
          form={form}
          name="earnPer"
          path="earnRate.perMinor"
          label={t('rules.earnPer')}
          hint={t('rules.earnHint')}
        />
        <SelectField
          label={t('rules.rounding')}
          value={form.draft.rounding}
          onChange={(v) => form.set('rounding', v)}
          options={ROUNDING_MODES.map((m) => ({ value: m, label: t(`rules.roundingModes.${m}`) }))}
        />
        <SelectField
          label={t('rules.roundingStep')}
          value={form.draft.roundingStep}
          hint={t('rules.roundingStepHint')}
          onChange={(v) => form.set('roundingStep', v)}
          options={ROUNDING_STEPS.map((m) => ({ value: m, label: t(`rules.roundingSteps.${m}`) }))}
        />
        <DraftField form={form} name="minSpend" path="minSpendMinor" label={t('rules.minSpend')} />
        <DraftField
          form={form}
          name="visitPoints"
          path="visitPoints"
          label={t('rules.visitPoints')}
          hint={t('rules.visitPointsHint')}
          inputMode="numeric"
        />
        <DraftField
          form={form}
          name="countedMax"
          path="countedMaxMinor"
          label={t('rules.countedMax')}
          hint={t('rules.countedMaxHint')}
        />
      </div>
    </section>
  );
}
