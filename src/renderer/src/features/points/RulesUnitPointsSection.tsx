import { useTranslation } from 'react-i18next';
import { CellField, ListProblem, RowsTable } from './rules-fields';
import { nextKey, type MultiplierDraft } from './rules-form';
import type { RulesDraftForm } from './use-rules-draft';

/**
 * Points per unit whatever the price (issue 11 item 3): for a SKU or a category, added to
 * what the line earns by spend. In the rule set one list, the SKU rows first.
 */
export function RulesUnitPointsSection({ form }: { form: RulesDraftForm }) {
  const { t } = useTranslation('points');
  const skuCount = form.draft.unitSkus.length;
  return (
    <section className="card rules-section" aria-labelledby="rules-unit-title">
      <h2 id="rules-unit-title">{t('rules.unitTitle')}</h2>
      {(['unitSkus', 'unitCategories'] as const).map((kind) => (
        <div key={kind}>
          <RowsTable
            label={t(`rules.${kind}`)}
            columns={[t(`rules.${kind}Label`), t('rules.unitPointsColumn')]}
            rows={form.draft[kind]}
            onRemove={(k) => form.removeRow(kind, k)}
            removeLabel={(i) => t(`rules.${kind}Remove`, { n: i + 1 })}
            cells={(row: MultiplierDraft, i) => {
              const upd = (patch: Partial<MultiplierDraft>) => form.updateRow(kind, row.key, patch);
              const at = kind === 'unitSkus' ? i : skuCount + i;
              return [
                <CellField
                  key="l"
                  label={t(`rules.${kind}LabelOf`, { n: i + 1 })}
                  value={row.label}
                  problem={form.problem(`unitPoints.${at}.${kind === 'unitSkus' ? 'sku' : 'category'}`)}
                  onChange={(v) => upd({ label: v })}
                />,
                <CellField
                  key="p"
                  label={t(`rules.${kind}PointsOf`, { n: i + 1 })}
                  value={row.multiplier}
                  problem={form.problem(`unitPoints.${at}.points`)}
                  onChange={(v) => upd({ multiplier: v })}
                />,
              ];
            }}
          />
          <button type="button" onClick={() => form.addRow(kind, { key: nextKey(), label: '', multiplier: '10' })}>
            {t(`rules.${kind}Add`)}
          </button>
        </div>
      ))}
      <ListProblem text={form.problem('unitPoints')} />
      <p className="hint">{t('rules.unitHint')}</p>
    </section>
  );
}
