import { useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { emptyLine, type LineDraft } from './line-items';

/** The full path's line entry: SKU, category, quantity, unit price per row. */
export function LineItemsEditor(props: {
  lines: LineDraft[];
  onChange(lines: LineDraft[]): void;
  firstInputRef: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useTranslation('points');
  const { lines, onChange, firstInputRef } = props;
  const tableRef = useRef<HTMLTableElement>(null);
  const count = useRef(lines.length);
  // "Add a line": the cursor goes to the new line's first cell (never left on the button,
  // where digits typed next would have gone nowhere useful).
  useEffect(() => {
    if (lines.length > count.current) {
      tableRef.current?.querySelector<HTMLInputElement>('tbody tr:last-child input')?.focus();
    }
    count.current = lines.length;
  }, [lines.length]);
  const set = (key: number, patch: Partial<LineDraft>) =>
    onChange(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  return (
    <div className="line-items">
      <table aria-label={t('lines.table')} ref={tableRef}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('lines.sku')}</th>
            <th scope="col">{t('lines.category')}</th>
            <th scope="col">{t('lines.quantity')}</th>
            <th scope="col">{t('lines.unitPrice')}</th>
            <th scope="col">
              <span className="sr-only">{t('lines.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={l.key}>
              <td>{i + 1}</td>
              <td>
                <input
                  ref={i === 0 ? firstInputRef : undefined}
                  aria-label={t('lines.skuOf', { n: i + 1 })}
                  maxLength={40}
                  value={l.sku}
                  onChange={(e) => set(l.key, { sku: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={t('lines.categoryOf', { n: i + 1 })}
                  maxLength={40}
                  value={l.category}
                  onChange={(e) => set(l.key, { category: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={t('lines.quantityOf', { n: i + 1 })}
                  inputMode="numeric"
                  className="input-narrow"
                  value={l.quantity}
                  onChange={(e) => set(l.key, { quantity: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={t('lines.unitPriceOf', { n: i + 1 })}
                  inputMode="decimal"
                  value={l.unitPrice}
                  onChange={(e) => set(l.key, { unitPrice: e.target.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  aria-label={t('lines.removeOf', { n: i + 1 })}
                  disabled={lines.length === 1}
                  onClick={() => onChange(lines.filter((x) => x.key !== l.key))}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => onChange([...lines, emptyLine()])}>
        {t('lines.add')}
      </button>
    </div>
  );
}
