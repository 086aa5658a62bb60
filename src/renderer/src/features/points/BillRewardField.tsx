import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/form';
import type { RewardDto } from '../../../../shared/contract/rewards';
import type { BillDiscount } from '../../../../shared/rewards/bill-discount';
import { usePointsFormat } from './use-points-format';

/**
 * The bill reward the member redeems on this purchase (issue 11 item 2): the rewards
 * that change a bill and that the member can afford now. The hint says what it takes
 * off this bill, computed by the same function main records it with
 * (shared/rewards/bill-discount.ts), or why it cannot apply.
 */
export function BillRewardField(props: {
  rewards: RewardDto[];
  value: string;
  onChange: (rewardId: string) => void;
  discount: BillDiscount | null;
  error?: string;
}) {
  const { t } = useTranslation('points');
  const { money, pts } = usePointsFormat();
  const chosen = props.rewards.find((r) => r.id === props.value) ?? null;
  const d = props.discount;
  const hint =
    chosen === null
      ? t('award.billRewardHint')
      : d === null
        ? t('award.billRewardNoBill')
        : d.ok
          ? t('award.billRewardOff', { amount: money(d.discountMinor), points: pts(chosen.costPoints) })
          : t('award.billRewardNoProduct', { sku: chosen.productSku ?? '', units: d.unitsNeeded });
  return (
    <SelectField
      label={t('award.billReward')}
      value={props.value}
      onChange={props.onChange}
      hint={hint}
      error={props.error}
      options={[
        { value: '', label: t('award.billRewardNone') },
        ...props.rewards.map((r) => ({ value: r.id, label: `${r.name} · ${pts(r.costPoints)}` })),
      ]}
    />
  );
}
