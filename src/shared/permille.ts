/**
 * Multipliers as exact integers (issue 11 item 3). A rule's `multiplierPercent` is a
 * whole percent (150 = ×1.5) or, up to ×10, a percent with one decimal (112.5 = ×1.125:
 * three decimals of the multiplier). JSON carries it as a number, so it is read once,
 * here, as integer per-mille (1125) and every product after that is BigInt:
 * k/10 for k ≤ 100,000 survives the double and `Math.round(p × 10)` exactly.
 */
export const PER_MILLE = 1000n;

/** True for a whole percent 0–10,000, or a percent with one decimal up to 1,000 (×10). */
export function isMultiplierPercent(p: number): boolean {
  if (!Number.isFinite(p) || p < 0 || p > 10_000) return false;
  if (Number.isInteger(p)) return true;
  const tenths = Math.round(p * 10);
  return p <= 1000 && Math.abs(p * 10 - tenths) < 1e-6;
}

/** The multiplier in thousandths: 150 → 1500n, 112.5 → 1125n. */
export function permille(percent: number): bigint {
  return BigInt(Math.round(percent * 10));
}

/** Integer per-mille (as typed in the editor, "1.125" → 1125) → the rule's percent (112.5). */
export function percentFromPermille(pm: number): number {
  return pm % 10 === 0 ? pm / 10 : Math.round(pm) / 10;
}
