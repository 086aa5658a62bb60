import { useTranslation } from 'react-i18next';
import { CheckField } from '../../components/form';
import { CellField, ListProblem, RowsTable } from './rules-fields';
import { nextKey } from './rules-form';
import type { SpendRuleDraft } from './rules-form-tiers';
import type { RulesDraftForm } from './use-rules-draft';

/** Several spend rules (issue 11 item 3): in order, each with its own minimum; "stop after" ends the list. */
export function RulesSpendRulesSection({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  return (
    <section className="card rules-section" aria-labelledby="rules-spend-title">
      <h2 id="rules-spend-title">{t('rules.spendRulesTitle')}</h2>
      <RowsTable
        label={t('rules.spendRulesTitle')}
        columns={[
          t('rules.spendRuleName'),
          t('rules.spendRulePoints'),
          t('rules.spendRulePer'),
          t('rules.spendRuleMin'),
          t('rules.spendRuleStop'),
        ]}
        rows={form.draft.spendRules}
        onRemove={(k) => form.removeRow('spendRules', k)}
        removeLabel={(i) => t('rules.removeSpendRule', { n: i + 1 })}
        cells={(row: SpendRuleDraft, i) => {
          const upd = (patch: Partial<SpendRuleDraft>) => form.updateRow('spendRules', row.key, patch);
          return [
            <CellField
              key="n"
              label={t('rules.spendRuleNameOf', { n: i + 1 })}
              value={row.name}
              problem={form.problem(`spendRules.${i}.name`)}
              onChange={(v) => upd({ name: v })}
            />,
            <CellField
              key="p"
              label={t('rules.spendRulePointsOf', { n: i + 1 })}
              value={row.points}
              problem={form.problem(`spendRules.${i}.points`)}
              onChange={(v) => upd({ points: v })}
            />,
            <CellField
              key="per"
              label={t('rules.spendRulePerOf', { n: i + 1 })}
              value={row.per}
              problem={form.problem(`spendRules.${i}.perMinor`)}
              onChange={(v) => upd({ per: v })}
            />,
            <CellField
              key="m"
              label={t('rules.spendRuleMinOf', { n: i + 1 })}
              value={row.min}
              problem={form.problem(`spendRules.${i}.minSpendMinor`)}
              onChange={(v) => upd({ min: v })}
            />,
            <CheckField
              key="s"
              label={t('rules.spendRuleStopOf', { n: i + 1 })}
              checked={row.stopAfter}
              onChange={(v) => upd({ stopAfter: v })}
            />,
          ];
        }}
      />
      <ListProblem text={form.problem('spendRules')} />
      <button
        type="button"
        onClick={() =>
          form.addRow('spendRules', { key: nextKey(), name: '', points: '1', per: '1', min: '0', stopAfter: false })
        }
      >
        {t('rules.addSpendRule')}
      </button>
      <p className="hint">{t('rules.spendRulesHint')}</p>
    </section>
  );
}
