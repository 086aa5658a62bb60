/**
 * Largest purchase total accepted (minor units): keeps every product and sum far inside
 * 2^53. One constant for the core's refusal and the counter's Amount field, so both name
 * the same limit.
 */
export const MAX_PURCHASE_MINOR = 100_000_000_00;
