import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../components/form';
import { GOAL_MEASURES, VOUCHER_KINDS } from '../../../../shared/contract/points-goals-schema';
import { ListProblem } from './rules-fields';
import { nextKey } from './rules-form';
import type { GoalDraft } from './goals-form';
import type { RulesDraftForm } from './use-rules-draft';

/**
 * Goals with automatic rewards (issue 11 item 4): a stamp card (visits), a spend
 * accumulator or a units card; when the member's card reaches the target a voucher is
 * issued by itself (optionally pending some days) and the target subtracted.
 */
export function RulesGoalsSection({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  return (
    <section className="card rules-section" aria-labelledby="rules-goals-title">
      <h2 id="rules-goals-title">{t('goals.title')}</h2>
      {form.draft.goals.map((g, i) => {
        const upd = (patch: Partial<GoalDraft>) => form.updateRow('goals', g.key, patch);
        const at = (field: string) => form.problem(`goals.${i}.${field}`);
        return (
          <fieldset key={g.key} className="card">
            <legend>{t('goals.goalN', { n: i + 1 })}</legend>
            <div className="form-grid">
              <TextField
                label={t('goals.name')}
                autoComplete="off"
                value={g.name}
                error={at('name') ?? at('key')}
                onChange={(e) => upd({ name: e.target.value })}
              />
              <SelectField
                label={t('goals.measure')}
                value={g.measure}
                hint={t(`goals.measureHints.${g.measure}`)}
                onChange={(measure) => upd({ measure })}
                options={GOAL_MEASURES.map((m) => ({ value: m, label: t(`goals.measures.${m}`) }))}
              />
              <TextField
                label={t(`goals.targetOf.${g.measure}`)}
                autoComplete="off"
                inputMode={g.measure === 'spend' ? 'decimal' : 'numeric'}
                value={g.target}
                error={at('target')}
                onChange={(e) => upd({ target: e.target.value })}
              />
              {g.measure === 'visits' ? (
                <TextField
                  label={t('goals.minSpend')}
                  autoComplete="off"
                  inputMode="decimal"
                  value={g.minSpend}
                  error={at('minSpendMinor')}
                  onChange={(e) => upd({ minSpend: e.target.value })}
                />
              ) : null}
              <TextField
                label={t('goals.sku')}
                autoComplete="off"
                value={g.sku}
                error={at('sku')}
                onChange={(e) => upd({ sku: e.target.value })}
              />
              <TextField
                label={t('goals.category')}
                autoComplete="off"
                value={g.category}
                error={at('category')}
                onChange={(e) => upd({ category: e.target.value })}
              />
              <TextField
                label={t('goals.rewardName')}
                autoComplete="off"
                value={g.rewardName}
                error={at('reward.name')}
                onChange={(e) => upd({ rewardName: e.target.value })}
              />
              <SelectField
                label={t('goals.rewardKind')}
                value={g.rewardKind}
                onChange={(rewardKind) => upd({ rewardKind })}
                options={VOUCHER_KINDS.map((k) => ({ value: k, label: t(`goals.rewardKinds.${k}`) }))}
              />
              {g.rewardKind === 'amountOff' ? (
                <TextField
                  label={t('goals.rewardValue')}
                  autoComplete="off"
                  inputMode="decimal"
                  value={g.rewardValue}
                  error={at('reward.valueMinor')}
                  onChange={(e) => upd({ rewardValue: e.target.value })}
                />
              ) : (
                <TextField
                  label={t('goals.rewardSku')}
                  autoComplete="off"
                  value={g.rewardSku}
                  error={at('reward.sku')}
                  onChange={(e) => upd({ rewardSku: e.target.value })}
                />
              )}
              <TextField
                label={t('goals.pendingDays')}
                autoComplete="off"
                inputMode="numeric"
                hint={t('goals.pendingDaysHint')}
                value={g.pendingDays}
                error={at('pendingDays')}
                onChange={(e) => upd({ pendingDays: e.target.value })}
              />
              <TextField
                label={t('goals.validDays')}
                autoComplete="off"
                inputMode="numeric"
                value={g.validDays}
                error={at('validDays')}
                onChange={(e) => upd({ validDays: e.target.value })}
              />
            </div>
            <ListProblem text={form.problem(`goals.${i}`) ?? at('reward')} />
            <button type="button" onClick={() => form.removeRow('goals', g.key)}>
              {t('goals.remove', { n: i + 1 })}
            </button>
          </fieldset>
        );
      })}
      <ListProblem text={form.problem('goals')} />
      <button
        type="button"
        onClick={() =>
          form.addRow('goals', {
            key: nextKey(),
            goalKey: '',
            name: '',
            measure: 'visits',
            sku: '',
            category: '',
            minSpend: '',
            target: '10',
            rewardName: '',
            rewardKind: 'freeItem',
            rewardValue: '',
            rewardSku: '',
            pendingDays: '',
            validDays: '',
          })
        }
      >
        {t('goals.add')}
      </button>
      <p className="hint">{t('goals.hint')}</p>
    </section>
  );
}
