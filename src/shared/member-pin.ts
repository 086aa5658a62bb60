/**
 * The one length rule for a member PIN (issue 9 item 7): the contract's schemas (set,
 * change, reset, verify, award and redeem), the counter's fields (maxLength, the check
 * before Redeem) and every text that states the rule ("4–6 digits", via {{pinMin}} and
 * {{pinMax}}) read it from here.
 */
export const MEMBER_PIN_MIN_LENGTH = 4;
export const MEMBER_PIN_MAX_LENGTH = 6;

/** Digits only, MEMBER_PIN_MIN_LENGTH to MEMBER_PIN_MAX_LENGTH of them (ASCII: what the keypad sends). */
export const MEMBER_PIN_PATTERN = new RegExp(`^[0-9]{${MEMBER_PIN_MIN_LENGTH},${MEMBER_PIN_MAX_LENGTH}}$`);

export function isMemberPin(pin: string): boolean {
  return MEMBER_PIN_PATTERN.test(pin);
}

/** The values every PIN text interpolates. */
export const PIN_LENGTH_VALUES = { pinMin: MEMBER_PIN_MIN_LENGTH, pinMax: MEMBER_PIN_MAX_LENGTH } as const;
