import { useTranslation } from 'react-i18next';
import type { AwardResultDto } from '../../../../shared/contract/points';
import { useGoalFormat } from './use-goal-format';

/** Under an award's result: what it did to each goal and the rewards it issued by itself. */
export function GoalOutcomes({ result }: { result: AwardResultDto }) {
  const { t } = useTranslation('points');
  const explainGoal = useGoalFormat();
  const goals = result.goals ?? [];
  return (
    <>
      {result.promoCode ? <p className="result-meta">{t('goals.codeApplied', { code: result.promoCode })}</p> : null}
      {goals.map((g) => (
        <div key={g.goalKey}>
          <p className="result-explain">{explainGoal(g.facts)}</p>
          {g.vouchers.length > 0 ? (
            <p className="result-collect">
              {t('goals.rewardIssued', { count: g.vouchers.length, name: g.vouchers[0].name })}
            </p>
          ) : null}
        </div>
      ))}
    </>
  );
}
