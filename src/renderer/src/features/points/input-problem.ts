import type { TFunction } from 'i18next';
import type { DecimalParse } from './decimal-input';

/** The contract's bound on one money amount (minor units), named in the "too large" text. */
export const MONEY_MAX_MINOR = 100_000_000_000;

/**
 * What to tell the cashier about an amount that was not read, in words that say what to
 * do: the dot reading of "12,50", the limit of a too-large number, Refund for "-3".
 */
export function moneyProblemText(
  t: TFunction<'points'>,
  parse: Extract<DecimalParse, { ok: false }>,
  money: (minor: number) => string,
  /** The bound the field was parsed with (a purchase's is lower than any money amount's). */
  maxMinor: number = MONEY_MAX_MINOR,
): string {
  switch (parse.reason) {
    case 'comma':
      return parse.suggestion
        ? t('inputProblems.commaSuggest', { suggestion: parse.suggestion })
        : t('inputProblems.comma');
    case 'tooLarge':
      return t('inputProblems.tooLargeMoney', { max: money(maxMinor) });
    default:
      return t(`inputProblems.${parse.reason}`);
  }
}
