import { useQuery } from '../../lib/use-query';
import type { RulesStateDto } from '../../../../shared/contract/points';

/**
 * The rule set in force (cashiers may read it): the counter needs it to know whether
 * points may pay, whether a PIN is asked and which refund policy applies. Read again
 * when a manager saves a new version (`points:saveRules` invalidates it).
 */
export function useRules(): RulesStateDto | null {
  return useQuery('points:getRules', {}, { keepPrevious: true }).data;
}
