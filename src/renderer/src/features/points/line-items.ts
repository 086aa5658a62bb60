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
