/**
 * Integer minor units → exact decimal text, the one implementation used by the core's
 * ledger explanations and the renderer's inputs and Intl formatting. Digits are split as
 * a string, never scaled by a float: 10500 with 2 digits → "105.00".
 * `trimZeros` drops trailing fraction zeros (150 → "1.5", 200 → "2").
 */
export function minorToDecimal(minor: number | bigint, digits: number, trimZeros = false): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  let fraction = digits > 0 ? text.slice(text.length - digits) : '';
  if (trimZeros) fraction = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? '.' + fraction : ''}`;
}
