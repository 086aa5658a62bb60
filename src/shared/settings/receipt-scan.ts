import { z } from 'zod';

/**
 * The till's receipt, scanned (issue 9 item 13): the barcode or QR code the till prints
 * on its receipt, read by the counter's keyboard-wedge scanner, fills the receipt number
 * and the amount. What the scanner types is matched against one pattern, a regular
 * expression with the named groups `receipt` (required), `amount` and `date` (optional).
 *
 * Presets:
 * - `cnVatQr`: the QR code of a China VAT invoice (增值税发票), comma-separated:
 *   `01,<type>,<invoice code>,<invoice number>,<amount>,<date YYYYMMDD>,<check code>,…`,
 *   e.g. `01,10,011001605111,80100798,64.9,20161018,85342965681116380258,`. The type is
 *   10 (electronic ordinary), 04 (ordinary), 01 (special), 32 (fully digital, whose code
 *   field is empty and whose number has 20 digits). The invoice number is the receipt
 *   number; the amount is the invoice's amount **before tax** (the cashier can change it).
 * - `receiptOnly`: a barcode holding the receipt number alone (letters, digits, `-._/#`).
 * - `custom`: the store's own pattern (`pattern`).
 *
 * Safety: a pattern runs on the renderer's thread at every scan, so main refuses what
 * could backtrack for long (see `receiptPatternProblem`), and a scan is never longer
 * than SCAN_TEXT_MAX characters — no timer is needed to stop a runaway match.
 */
export const RECEIPT_SCAN_PRESETS = ['off', 'cnVatQr', 'receiptOnly', 'custom'] as const;
export type ReceiptScanPreset = (typeof RECEIPT_SCAN_PRESETS)[number];

export const PRESET_PATTERNS: Record<Exclude<ReceiptScanPreset, 'off' | 'custom'>, string> = {
  cnVatQr:
    '^01,\\d{2},\\d{0,12},(?<receipt>\\d{8}|\\d{20}),(?<amount>\\d{1,12}(?:\\.\\d{1,2})?),(?<date>\\d{8})(?:,|$)',
  receiptOnly: '^(?<receipt>[A-Za-z0-9][A-Za-z0-9._/#-]{2,39})$',
};

export const RECEIPT_PATTERN_MAX = 200;
/** The longest scan looked at (a VAT QR is about 90 characters). */
export const SCAN_TEXT_MAX = 256;
/** Quantifiers with a wide range (`*`, `+`, `{n,}`, `{n,m}` with m − n > 20) a pattern may have. */
export const MAX_WIDE_QUANTIFIERS = 3;
const GROUP_NAMES = ['receipt', 'amount', 'date'] as const;

export type ReceiptPatternProblem =
  'tooLong' | 'invalid' | 'noReceiptGroup' | 'unknownGroup' | 'backreference' | 'nestedQuantifier' | 'tooManyWide';

/** The pattern as a RegExp (the `u` flag: what main checked is what the counter runs). */
export function compileReceiptPattern(pattern: string): RegExp {
  return new RegExp(pattern, 'u');
}

/**
 * Why a pattern is refused, or null. Beside compiling and the group names, a cheap
 * structural guard against catastrophic backtracking: no backreferences, no quantified
 * group that itself holds a quantifier or an alternation when either quantifier is wide
 * (`(a+)+`, `(a|a)*`), and at most MAX_WIDE_QUANTIFIERS wide quantifiers in all (each
 * one multiplies the ways a failing match is retried). With a scan of at most
 * SCAN_TEXT_MAX characters what remains is polynomial and small.
 */
export function receiptPatternProblem(pattern: string): ReceiptPatternProblem | null {
  if (pattern.length > RECEIPT_PATTERN_MAX) return 'tooLong';
  let groups: Record<string, unknown>;
  try {
    // An empty alternative makes the match succeed on '', so every group name is listed.
    groups = new RegExp(`(?:${pattern})|`, 'u').exec('')?.groups ?? {};
  } catch {
    return 'invalid';
  }
  const names = Object.keys(groups);
  if (!names.includes('receipt')) return 'noReceiptGroup';
  if (names.some((n) => !(GROUP_NAMES as readonly string[]).includes(n))) return 'unknownGroup';
  return structureProblem(pattern);
}

interface Frame {
  quantified: boolean;
  wide: boolean;
  alternation: boolean;
}

/** Walks the pattern once: escapes, classes, groups and the quantifier after each atom. */
function structureProblem(p: string): ReceiptPatternProblem | null {
  const stack: Frame[] = [{ quantified: false, wide: false, alternation: false }];
  let wideCount = 0;
  let i = 0;
  /** The quantifier at i (if any): its length and whether it is wide. */
  const quantifierAt = (at: number): { length: number; wide: boolean } | null => {
    const c = p[at];
    if (c === '*' || c === '+') return { length: p[at + 1] === '?' ? 2 : 1, wide: true };
    if (c === '?') return { length: p[at + 1] === '?' ? 2 : 1, wide: false };
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}\??/.exec(p.slice(at));
      if (!m) return null;
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
      return { length: m[0].length, wide: hi - lo > 20 };
    }
    return null;
  };
  /** An atom ended at i: note its quantifier in the enclosing group. */
  const afterAtom = (inner: Frame | null): ReceiptPatternProblem | null => {
    const q = quantifierAt(i);
    if (!q) return null;
    i += q.length;
    if (q.wide) wideCount++;
    const top = stack[stack.length - 1];
    const isRepeat = q.wide || p[i - q.length] === '{';
    if (inner && isRepeat && (inner.wide || (q.wide && (inner.quantified || inner.alternation)))) {
      return 'nestedQuantifier';
    }
    if (isRepeat) top.quantified = true;
    if (q.wide) top.wide = true;
    return null;
  };
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      const next = p[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'backreference';
      // \u{…}, \p{…}: skip the braces too.
      const braced = /^[upP]\{[^}]*\}/.exec(p.slice(i + 1));
      i += 2 + (braced ? braced[0].length - 1 : 0);
      const problem = afterAtom(null);
      if (problem) return problem;
    } else if (c === '[') {
      i++;
      if (p[i] === '^') i++;
      if (p[i] === ']') i++;
      while (i < p.length && p[i] !== ']') i += p[i] === '\\' ? 2 : 1;
      i++;
      const problem = afterAtom(null);
      if (problem) return problem;
    } else if (c === '(') {
      stack.push({ quantified: false, wide: false, alternation: false });
      i++;
      // Skip the group's head: (?: (?= (?! (?<= (?<! (?<name>
      const head = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(p.slice(i));
      if (head) i += head[0].length;
    } else if (c === ')') {
      const inner = stack.length > 1 ? stack.pop()! : null;
      i++;
      const top = stack[stack.length - 1];
      if (inner) {
        top.quantified ||= inner.quantified;
        top.wide ||= inner.wide;
      }
      const problem = afterAtom(inner);
      if (problem) return problem;
    } else if (c === '|') {
      stack[stack.length - 1].alternation = true;
      i++;
    } else {
      i++;
      const problem = afterAtom(null);
      if (problem) return problem;
    }
  }
  return wideCount > MAX_WIDE_QUANTIFIERS ? 'tooManyWide' : null;
}

/** The pattern a setting stands for ('' for off, or a custom pattern left empty). */
export function activeReceiptPattern(s: ReceiptScanSetting): string {
  if (s.preset === 'off') return '';
  if (s.preset === 'custom') return s.pattern;
  return PRESET_PATTERNS[s.preset];
}

const receiptScanSetting = z
  .strictObject({
    preset: z.enum(RECEIPT_SCAN_PRESETS),
    /** The custom pattern (kept while a preset is chosen, so switching back finds it). */
    pattern: z.string().max(RECEIPT_PATTERN_MAX),
  })
  .superRefine((s, ctx) => {
    if (s.pattern === '' && s.preset !== 'custom') return;
    const problem = s.pattern === '' ? 'noReceiptGroup' : receiptPatternProblem(s.pattern);
    if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: `receipt pattern: ${problem}` });
  });

export type ReceiptScanSetting = z.output<typeof receiptScanSetting>;

export const receiptScanSettingsSchema = z.strictObject({
  receiptScan: receiptScanSetting.default({ preset: 'off', pattern: '' }),
});
