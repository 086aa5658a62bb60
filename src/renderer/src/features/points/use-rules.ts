import { useEffect, useState } from 'react';
import { call } from '../../lib/api';
import type { RulesStateDto } from '../../../../shared/contract/points';

/**
 * The rule set in force (cashiers may read it): the counter needs it to know whether
 * points may pay, whether a PIN is asked and which refund policy applies. `reloadKey`
 * re-reads it (after a manager saved a new version).
 */
export function useRules(reloadKey = 0): RulesStateDto | null {
  const [rules, setRules] = useState<RulesStateDto | null>(null);
  useEffect(() => {
    let live = true;
    void call('points:getRules', {}).then((r) => {
      if (live && r.ok) setRules(r.value);
    });
    return () => {
      live = false;
    };
  }, [reloadKey]);
  return rules;
}
