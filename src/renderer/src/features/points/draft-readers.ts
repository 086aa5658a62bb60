import { parseDecimal, parseWhole } from './decimal-input';
import type { ProblemCode } from './rules-form';

/**
 * Readers for the rules editor's drafts (the rules form and its goals part): each reads
 * one text field and, when it cannot, records the problem under the field's RuleSet path.
 * Reading only: numbers are read up to the largest exact integer, so the schema says
 * "too large" against the contract's own limit.
 */
export function draftReaders(digits: number, problems: Record<string, ProblemCode>) {
  const whole = (path: string, s: string): number => {
    const r = parseWhole(s, Number.MAX_SAFE_INTEGER);
    if (!r.ok) problems[path] = r.reason === 'tooLarge' ? 'tooLarge' : 'whole';
    return r.ok ? r.value : 0;
  };
  const money = (path: string, s: string): number => {
    const r = parseDecimal(s, digits, Number.MAX_SAFE_INTEGER);
    if (!r.ok)
      problems[path] = r.reason === 'tooPrecise' ? 'tooPrecise' : r.reason === 'tooLarge' ? 'tooLarge' : 'money';
    return r.ok ? r.value : 0;
  };
  return { whole, money };
}
