import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { parseMoneyInput, parseWhole } from './decimal-input';

/** A purchase line as typed (strings until the cashier presses Enter). */
export interface LineDraft {
  key: number;
  sku: string;
  category: string;
  quantity: string;
  unitPrice: string;
}

let nextKey = 1;
export function emptyLine(): LineDraft {
  return { key: nextKey++, sku: '', category: '', quantity: '1', unitPrice: '' };
}

export type ParsedLines =
  | {
      ok: true;
      lines: { sku?: string; category?: string; quantity: number; unitPriceMinor: number }[];
      totalMinor: number;
    }
  | { ok: false; badLine: number };

/**
 * The lines as the award channel takes them, and their exact total (quantity × unit
 * price in BigInt, so a large line never loses a cent). Blank rows are skipped; a row
 * with an unreadable quantity or price makes the whole set invalid (`badLine`, 1-based).
 */
export function parseLines(drafts: LineDraft[], digits: number): ParsedLines {
  const lines: { sku?: string; category?: string; quantity: number; unitPriceMinor: number }[] = [];
  let total = 0n;
  for (const [i, d] of drafts.entries()) {
    if (d.sku.trim() === '' && d.category.trim() === '' && d.unitPrice.trim() === '') continue;
    const q = parseWhole(d.quantity, 10_000);
    const p = parseMoneyInput(d.unitPrice, digits);
    if (!q.ok || q.value === 0 || !p.ok) return { ok: false, badLine: i + 1 };
    lines.push({
      ...(d.sku.trim() ? { sku: d.sku.trim() } : {}),
      ...(d.category.trim() ? { category: d.category.trim() } : {}),
      quantity: q.value,
      unitPriceMinor: p.value,
    });
    total += BigInt(q.value) * BigInt(p.value);
  }
  if (lines.length === 0) return { ok: false, badLine: 1 };
  return { ok: true, lines, totalMinor: Number(total) };
}

/** The full path's line entry: SKU, category, quantity, unit price per row. */
export function LineItemsEditor(props: {
  lines: LineDraft[];
  onChange(lines: LineDraft[]): void;
  firstInputRef: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useTranslation('points');
  const { lines, onChange, firstInputRef } = props;
  const set = (key: number, patch: Partial<LineDraft>) =>
    onChange(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  return (
    <div className="line-items">
      <table aria-label={t('lines.table')}>
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
