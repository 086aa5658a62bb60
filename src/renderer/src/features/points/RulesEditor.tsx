import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleSetDto } from '../../../../shared/contract/points';
import { RulesEarningSection } from './RulesEarningSection';
import { RulesGoalsSection } from './RulesGoalsSection';
import { RulesMultipliersSection } from './RulesMultipliersSection';
import { RulesPolicySection } from './RulesPolicySection';
import { RulesPreviewSection } from './RulesPreviewSection';
import { RulesPromotionsSection } from './RulesPromotionsSection';
import { RulesRedeemingSection } from './RulesRedeemingSection';
import { RulesTiersSection } from './RulesTiersSection';
import { RulesUnitPointsSection } from './RulesUnitPointsSection';
import { RulesBonusesSection } from './RulesBonusesSection';
import { RulesSpendRulesSection } from './RulesSpendRulesSection';
import { useRulesDraft } from './use-rules-draft';

/**
 * The rule set as a form, one section per part of the rules; `useRulesDraft` holds the
 * draft, builds the RuleSet with the contract's own schema and places its problems on
 * their fields. Enter (submit) saves when the preview is current, else previews.
 */
export function RulesEditor({ base, onSaved }: { base: RuleSetDto; onSaved(saved: RuleSetDto): void }) {
  const { t } = useTranslation('points');
  const form = useRulesDraft(base, onSaved);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    form.submit();
  };
  return (
    <form className="rules-editor" aria-label={t('rules.editor')} onSubmit={submit} noValidate ref={form.formRef}>
      <RulesEarningSection form={form} />
      <RulesSpendRulesSection form={form} />
      <RulesRedeemingSection form={form} />
      <RulesPolicySection form={form} />
      <RulesTiersSection form={form} />
      <RulesMultipliersSection form={form} />
      <RulesUnitPointsSection form={form} />
      <RulesPromotionsSection form={form} />
      <RulesGoalsSection form={form} />
      <RulesBonusesSection form={form} />
      <RulesPreviewSection form={form} />
    </form>
  );
}
