import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../components/form';
import { PROMOTION_POLICIES } from '../../../../shared/contract/points';
import { ListProblem } from './rules-fields';
import { nextKey, promotionValuePath, type PromotionDraft } from './rules-form';
import type { RulesDraftForm } from './use-rules-draft';

/** Monday first, as a week is printed here. */
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;
const KINDS = ['multiplier', 'bonus'] as const;

/** Dated promotions: a multiplier or bonus points, optionally per category and weekday. */
export function RulesPromotionsSection({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  return (
    <section className="card rules-section" aria-labelledby="rules-promo-title">
      <h2 id="rules-promo-title">{t('rules.promotionsTitle')}</h2>
      <SelectField
        label={t('rules.promotionPolicy')}
        value={form.draft.promotionPolicy}
        hint={t(`rules.promotionPolicyHints.${form.draft.promotionPolicy}`)}
        onChange={(v) => form.set('promotionPolicy', v)}
        options={PROMOTION_POLICIES.map((p) => ({ value: p, label: t(`rules.promotionPolicies.${p}`) }))}
      />
      {form.draft.promotions.map((p, i) => {
        const upd = (patch: Partial<PromotionDraft>) => form.updateRow('promotions', p.key, patch);
        const at = (field: string) => form.problem(`promotions.${i}.${field}`);
        return (
          <fieldset key={p.key} className="card">
            <legend>{t('rules.promotionN', { n: i + 1 })}</legend>
            <div className="form-grid">
              <TextField
                label={t('rules.promoName')}
                autoComplete="off"
                value={p.name}
                error={at('name')}
                onChange={(e) => upd({ name: e.target.value })}
              />
              <SelectField
                label={t('rules.promoKind')}
                value={p.kind}
                onChange={(kind) => upd({ kind })}
                options={KINDS.map((k) => ({ value: k, label: t(`rules.promoKinds.${k}`) }))}
              />
              <TextField
                label={p.kind === 'multiplier' ? t('rules.multiplier') : t('rules.promoBonus')}
                autoComplete="off"
                inputMode={p.kind === 'multiplier' ? 'decimal' : 'numeric'}
                value={p.value}
                error={form.problem(promotionValuePath(i, p.kind))}
                onChange={(e) => upd({ value: e.target.value })}
              />
              <TextField
                label={t('rules.promoCategory')}
                autoComplete="off"
                value={p.category}
                error={at('category')}
                onChange={(e) => upd({ category: e.target.value })}
              />
              <TextField
                label={t('rules.promoSku')}
                autoComplete="off"
                value={p.sku}
                error={at('sku')}
                onChange={(e) => upd({ sku: e.target.value })}
              />
              <TextField
                label={t('goals.promoCodeKey')}
                autoComplete="off"
                hint={t('goals.promoCodeKeyHint')}
                value={p.promoProgramme ?? ''}
                error={at('promoProgramme')}
                onChange={(e) => upd({ promoProgramme: e.target.value })}
              />
              <TextField
                label={t('rules.promoStarts')}
                type="date"
                value={p.starts}
                error={at('startsAt')}
                onChange={(e) => upd({ starts: e.target.value })}
              />
              <TextField
                label={t('rules.promoEnds')}
                type="date"
                value={p.ends}
                error={at('endsAt')}
                onChange={(e) => upd({ ends: e.target.value })}
              />
            </div>
            <fieldset className="weekdays">
              <legend>{t('rules.promoWeekdays')}</legend>
              {WEEKDAYS.map((d) => (
                <label key={d}>
                  <input
                    type="checkbox"
                    checked={p.weekdays.includes(d)}
                    onChange={(e) =>
                      upd({ weekdays: e.target.checked ? [...p.weekdays, d] : p.weekdays.filter((x) => x !== d) })
                    }
                  />
                  {t(`rules.weekdays.${d}`)}
                </label>
              ))}
            </fieldset>
            <ListProblem text={form.problem(`promotions.${i}`)} />
            <button type="button" onClick={() => form.removeRow('promotions', p.key)}>
              {t('rules.removePromotion', { n: i + 1 })}
            </button>
          </fieldset>
        );
      })}
      <ListProblem text={form.problem('promotions')} />
      <button
        type="button"
        onClick={() =>
          form.addRow('promotions', {
            key: nextKey(),
            name: '',
            kind: 'multiplier',
            value: '2',
            category: '',
            sku: '',
            starts: '',
            ends: '',
            weekdays: [],
          })
        }
      >
        {t('rules.addPromotion')}
      </button>
    </section>
  );
}
