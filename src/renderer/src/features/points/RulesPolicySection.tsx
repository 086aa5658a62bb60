import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/form';
import { REFUND_POLICIES } from '../../../../shared/contract/points';
import { DraftField } from './rules-fields';
import type { RulesDraftForm } from './use-rules-draft';

/** When earned points expire, and what a refund does with points already spent. */
export function RulesPolicySection({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  return (
    <section className="card rules-section" aria-labelledby="rules-policy-title">
      <h2 id="rules-policy-title">{t('rules.policyTitle')}</h2>
      <div className="form-grid">
        <DraftField
          form={form}
          name="expiryMonths"
          path="expiryMonths"
          label={t('rules.expiryMonths')}
          hint={t('rules.expiryHint')}
          inputMode="numeric"
        />
        <SelectField
          label={t('rules.refundPolicy')}
          value={form.draft.refundPolicy}
          onChange={(v) => form.set('refundPolicy', v)}
          options={REFUND_POLICIES.map((p) => ({ value: p, label: t(`rules.refundPolicies.${p}`) }))}
        />
      </div>
    </section>
  );
}
