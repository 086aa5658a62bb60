import { useCallback } from 'react';
import { useAppSettings } from '../../stores/settings';
import { formatGoalFacts, type GoalFacts } from '../../../../shared/explain/goal-facts';
import { usePointsFormat } from './use-points-format';

/** Goal explanations (stamp cards, accumulators) in the UI language, like `explain` for points. */
export function useGoalFormat() {
  const { locale, currency, digits } = usePointsFormat();
  const timeZone = useAppSettings((s) => s.settings?.timeZone) || undefined;
  return useCallback(
    (facts: GoalFacts, receipt = false) =>
      formatGoalFacts(facts, { locale, currency, minorUnits: digits, timeZone, receipt }),
    [locale, currency, digits, timeZone],
  );
}
