import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../components/form';
import { EXPIRY_KINDS, REFUND_POLICIES, REWARD_REFUND_POLICIES } from '../../../../shared/contract/points';
import { useAppSettings } from '../../stores/settings';
import type { RulesDraftForm } from './use-rules-draft';

/**
 * When earned points expire (after N days or months, or at the end of the month or year
 * of earning; good through the whole expiry day in the store's time zone), and what a
 * refund does with points already spent, and with the points of a bill reward redeemed on
 * the refunded receipt.
 */
export function RulesPolicySection({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  const zone = useAppSettings((s) => s.settings?.timeZone) || Intl.DateTimeFormat().resolvedOptions().timeZone;
  const { expiryKind } = form.draft;
  const counted = expiryKind === 'days' || expiryKind === 'months';
  return (
    <section className="card rules-section" aria-labelledby="rules-policy-title">
      <h2 id="rules-policy-title">{t('rules.policyTitle')}</h2>
      <div className="form-grid">
        <SelectField
          label={t('rules.expiryKind')}
          value={expiryKind}
          hint={t('rules.expiryKindHint', { zone })}
          onChange={(v) => {
            form.set('expiryKind', v);
            form.set('legacyExpiry', false);
          }}
          options={EXPIRY_KINDS.map((k) => ({ value: k, label: t(`rules.expiryKinds.${k}`) }))}
        />
        {counted ? (
          <TextField
            label={expiryKind === 'days' ? t('rules.expiryDays') : t('rules.expiryMonths')}
            inputMode="numeric"
            autoComplete="off"
            value={form.draft.expiryCount}
            error={form.problem('expiry.count')}
            onChange={(e) => {
              form.set('expiryCount', e.target.value);
              form.set('legacyExpiry', false);
            }}
          />
        ) : null}
        <SelectField
          label={t('rules.refundPolicy')}
          value={form.draft.refundPolicy}
          onChange={(v) => form.set('refundPolicy', v)}
          options={REFUND_POLICIES.map((p) => ({ value: p, label: t(`rules.refundPolicies.${p}`) }))}
        />
        <SelectField
          label={t('rules.rewardRefundPolicy')}
          value={form.draft.rewardRefundPolicy}
          hint={t('rules.rewardRefundPolicyHint')}
          onChange={(v) => form.set('rewardRefundPolicy', v)}
          options={REWARD_REFUND_POLICIES.map((p) => ({ value: p, label: t(`rules.rewardRefundPolicies.${p}`) }))}
        />
      </div>
      {form.draft.legacyExpiry ? <p className="hint">{t('rules.expiryLegacy')}</p> : null}
    </section>
  );
}
