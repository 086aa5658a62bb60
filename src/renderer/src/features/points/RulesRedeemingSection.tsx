import { useTranslation } from 'react-i18next';
import { CheckField } from '../../components/form';
import { DraftField } from './rules-fields';
import type { RulesDraftForm } from './use-rules-draft';

/** Redeeming: what points are worth, paying part of a bill with them, the balance needed to spend, the PIN. */
export function RulesRedeemingSection({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  return (
    <section className="card rules-section" aria-labelledby="rules-redeem-title">
      <h2 id="rules-redeem-title">{t('rules.redeemTitle')}</h2>
      <div className="form-grid">
        <DraftField
          form={form}
          name="redeemValue"
          path="redeemValue.minor"
          label={t('rules.redeemValue')}
          hint={t('rules.redeemHint')}
        />
        <DraftField
          form={form}
          name="redeemPerPoints"
          path="redeemValue.perPoints"
          label={t('rules.redeemPerPoints')}
          inputMode="numeric"
        />
        <DraftField
          form={form}
          name="payMaxPercent"
          path="payWithPointsMaxPercent"
          label={t('rules.payMaxPercent')}
          inputMode="numeric"
        />
        <DraftField
          form={form}
          name="minBalance"
          path="minBalanceToSpend"
          label={t('rules.minBalance')}
          hint={t('rules.minBalanceHint')}
          inputMode="numeric"
        />
      </div>
      <CheckField
        label={t('rules.payAllowed')}
        checked={form.draft.payAllowed}
        onChange={(v) => form.set('payAllowed', v)}
      />
      <CheckField
        label={t('rules.requirePin')}
        checked={form.draft.requirePin}
        onChange={(v) => form.set('requirePin', v)}
      />
    </section>
  );
}
