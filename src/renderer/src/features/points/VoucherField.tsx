import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/form';
import type { VoucherDto } from '../../../../shared/contract/points-goals-schema';
import type { BillDiscount } from '../../../../shared/rewards/bill-discount';
import { usePointsFormat } from './use-points-format';

/**
 * A goal voucher the member holds, applied on this purchase (points:award `voucherId`):
 * only usable vouchers that take something off a bill (voucher-terms.ts). No points are
 * spent — the member earned it. The hint says what it takes off, computed like main does.
 */
export function VoucherField(props: {
  vouchers: VoucherDto[];
  value: string;
  onChange: (voucherId: string) => void;
  discount: BillDiscount | null;
}) {
  const { t } = useTranslation('points');
  const { money } = usePointsFormat();
  const chosen = props.vouchers.find((v) => v.id === props.value) ?? null;
  const d = props.discount;
  const hint =
    chosen === null
      ? t('award.voucherHint')
      : d === null
        ? t('award.billRewardNoBill')
        : d.ok
          ? t('award.voucherOff', { amount: money(d.discountMinor) })
          : t('award.billRewardNoProduct', { sku: chosen.sku ?? '', units: d.unitsNeeded });
  const label = (v: VoucherDto) =>
    v.kind === 'amountOff' && v.valueMinor !== null ? `${v.name} (${money(v.valueMinor)})` : v.name;
  return (
    <SelectField
      label={t('award.voucher')}
      value={props.value}
      onChange={props.onChange}
      hint={hint}
      options={[
        { value: '', label: t('award.voucherNone') },
        ...props.vouchers.map((v) => ({ value: v.id, label: label(v) })),
      ]}
    />
  );
}
