/**
 * Where Enter in a refund quantity goes (issue 9 item 12): to the next line that can
 * still be returned, and after the last one to the "Refund these items" button — never
 * a submit by itself, so a quantity is always seen before anything is refunded.
 *
 * `returnable` lists, in table order, whether each line's quantity field takes input.
 * Returns the index of the next field, or 'submit'.
 */
export function nextAfterQuantity(returnable: readonly boolean[], from: number): number | 'submit' {
  for (let i = from + 1; i < returnable.length; i++) if (returnable[i]) return i;
  return 'submit';
}

/** The first line whose quantity can be typed (the focus when a receipt opens), or null. */
export function firstReturnable(returnable: readonly boolean[]): number | null {
  const i = returnable.indexOf(true);
  return i < 0 ? null : i;
}
