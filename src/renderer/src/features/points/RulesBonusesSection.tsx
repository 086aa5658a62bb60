import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/form';
import { BIRTHDAY_WINDOWS } from '../../../../shared/contract/points-tiers';
import { DraftField } from './rules-fields';
import type { RulesDraftForm } from './use-rules-draft';

/** Programme bonuses (issue 11 item 6): welcome, birthday, referral. Empty = none. */
export function RulesBonusesSection({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  return (
    <section className="card rules-section" aria-labelledby="rules-bonuses-title">
      <h2 id="rules-bonuses-title">{t('rules.bonusesTitle')}</h2>
      <div className="form-grid">
        <DraftField
          form={form}
          name="welcomePoints"
          path="welcomePoints"
          label={t('rules.welcomePoints')}
          inputMode="numeric"
        />
        <DraftField
          form={form}
          name="birthdayPoints"
          path="birthdayBonus.points"
          label={t('rules.birthdayPoints')}
          inputMode="numeric"
        />
        <SelectField
          label={t('rules.birthdayWindow')}
          value={form.draft.birthdayWindow}
          onChange={(v) => form.set('birthdayWindow', v)}
          options={BIRTHDAY_WINDOWS.map((w) => ({ value: w, label: t(`rules.birthdayWindows.${w}`) }))}
        />
        <DraftField
          form={form}
          name="referrerPoints"
          path="referralBonus.referrerPoints"
          label={t('rules.referrerPoints')}
          inputMode="numeric"
        />
        <DraftField
          form={form}
          name="referredPoints"
          path="referralBonus.referredPoints"
          label={t('rules.referredPoints')}
          inputMode="numeric"
        />
        <DraftField form={form} name="referralMin" path="referralBonus.minSpendMinor" label={t('rules.referralMin')} />
      </div>
      <p className="hint">{t('rules.bonusesHint')}</p>
    </section>
  );
}
