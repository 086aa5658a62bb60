import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/form';
import { CellField, ListProblem, RowsTable } from './rules-fields';
import { nextKey, type MultiplierDraft } from './rules-form';
import type { RulesDraftForm } from './use-rules-draft';

/** Draft list → the RuleSet list it becomes, and that list's label field. */
const LISTS = {
  categories: { path: 'categoryMultipliers', labelField: 'category' },
  skus: { path: 'skuMultipliers', labelField: 'sku' },
} as const;

/** Category and SKU multipliers (a SKU's wins over its category's; ×0 excludes). */
export function RulesMultipliersSection({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  return (
    <section className="card rules-section" aria-labelledby="rules-mult-title">
      <h2 id="rules-mult-title">{t('rules.multipliersTitle')}</h2>
      <TextField
        label={t('rules.earnOnly')}
        autoComplete="off"
        value={form.draft.earnOnly}
        error={form.problem('earnOnlyCategories')}
        hint={t('rules.earnOnlyHint')}
        onChange={(e) => form.set('earnOnly', e.target.value)}
      />
      {(['categories', 'skus'] as const).map((kind) => {
        const { path, labelField } = LISTS[kind];
        return (
          <div key={kind}>
            <RowsTable
              label={t(`rules.${kind}`)}
              columns={[t(`rules.${kind}Label`), t('rules.multiplier')]}
              rows={form.draft[kind]}
              onRemove={(k) => form.removeRow(kind, k)}
              removeLabel={(i) => t(`rules.${kind}Remove`, { n: i + 1 })}
              cells={(row: MultiplierDraft, i) => {
                const upd = (patch: Partial<MultiplierDraft>) => form.updateRow(kind, row.key, patch);
                return [
                  <CellField
                    key="l"
                    label={t(`rules.${kind}LabelOf`, { n: i + 1 })}
                    value={row.label}
                    problem={form.problem(`${path}.${i}.${labelField}`)}
                    onChange={(v) => upd({ label: v })}
                  />,
                  <CellField
                    key="m"
                    label={t(`rules.${kind}MultiplierOf`, { n: i + 1 })}
                    value={row.multiplier}
                    problem={form.problem(`${path}.${i}.multiplierPercent`)}
                    onChange={(v) => upd({ multiplier: v })}
                  />,
                ];
              }}
            />
            <ListProblem text={form.problem(path)} />
            <button type="button" onClick={() => form.addRow(kind, { key: nextKey(), label: '', multiplier: '2' })}>
              {t(`rules.${kind}Add`)}
            </button>
          </div>
        );
      })}
      <p className="hint">{t('rules.multipliersHint')}</p>
    </section>
  );
}
