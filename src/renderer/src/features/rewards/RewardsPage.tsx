import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { CheckField, SelectField, TextField } from '../../components/form';
import { useCommand } from '../../lib/use-command';
import { useQuery } from '../../lib/use-query';
import { REWARD_KINDS, type RewardDto, type RewardKind } from '../../../../shared/contract/rewards';
import { minorToInput, parseMoneyInput, parseWhole } from '../points/decimal-input';
import { dateInputToLocalMidnight, epochToDateInput } from '../points/rules-form';
import { usePointsFormat } from '../points/use-points-format';
import '../points/points.css';

interface Draft {
  name: string;
  description: string;
  kind: RewardKind;
  cost: string;
  stock: string;
  discount: string;
  /** percentOff: the percent as typed ("10", "12.5"): basis points = hundredths. */
  percent: string;
  maxDiscount: string;
  sku: string;
  units: string;
  from: string;
  until: string;
  active: boolean;
}

/** Basis points as the percent a manager types: 1000 → "10", 1250 → "12.5". */
function percentOfBp(bp: number): string {
  return minorToInput(bp, 2).replace(/\.?0+$/, '');
}

const EMPTY: Draft = {
  name: '',
  description: '',
  kind: 'goods',
  cost: '',
  stock: '',
  discount: '',
  percent: '',
  maxDiscount: '',
  sku: '',
  units: '',
  from: '',
  until: '',
  active: true,
};

/**
 * The rewards catalogue (managers): goods, coupons (a unique code per redemption), and
 * the rewards that change a bill (issue 11 item 2) — a fixed amount off, a percent off
 * (with an optional maximum) and a free product (N units of a SKU) — with point cost,
 * stock (empty = unlimited) and an active window. Only the fields a kind uses show.
 * Every reward is listed, including inactive ones; Edit loads it into the same form.
 */
export default function RewardsPage() {
  const { t } = useTranslation(['rewards', 'shell']);
  const { money, pts, digits, dateTime } = usePointsFormat();
  // Re-read after a create or an update (both invalidate rewards:list).
  const list = useQuery('rewards:list', { includeInactive: true }, { keepPrevious: true });
  const rewards = list.data ?? [];
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  /** Which of the two saved last: its result names the reward in the message. */
  const [lastSaved, setLastSaved] = useState<'created' | 'updated' | null>(null);
  const done = (kind: 'created' | 'updated') => () => {
    setLastSaved(kind);
    setEditing(null);
    setDraft(EMPTY);
  };
  const create = useCommand('rewards:create', { onSuccess: done('created') });
  const update = useCommand('rewards:update', { onSuccess: done('updated') });
  const command = editing ? update : create;
  const saved = lastSaved === 'created' ? create.result : lastSaved === 'updated' ? update.result : null;

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const edit = (r: RewardDto) => {
    setEditing(r.id);
    setLastSaved(null);
    create.reset();
    update.reset();
    setDraft({
      name: r.name,
      description: r.description ?? '',
      kind: r.kind,
      cost: String(r.costPoints),
      stock: r.stock === null ? '' : String(r.stock),
      discount: r.discountMinor === null ? '' : minorToInput(r.discountMinor, digits),
      percent: r.percentBp === null ? '' : percentOfBp(r.percentBp),
      maxDiscount: r.maxDiscountMinor === null ? '' : minorToInput(r.maxDiscountMinor, digits),
      sku: r.productSku ?? '',
      units: r.productUnits === null ? '' : String(r.productUnits),
      from: r.activeFrom === null ? '' : epochToDateInput(r.activeFrom),
      until: r.activeUntil === null ? '' : epochToDateInput(r.activeUntil),
      active: r.active,
    });
  };

  /** What a reward gives, in the table: "¥5.00", "10% (at most ¥15.00)", "2 × LATTE". */
  const termsOf = (r: RewardDto) => {
    if (r.kind === 'percentOff' && r.percentBp !== null) {
      const pct = `${percentOfBp(r.percentBp)}%`;
      return r.maxDiscountMinor === null
        ? pct
        : t('page.percentTerms', { percent: pct, max: money(r.maxDiscountMinor) });
    }
    if (r.kind === 'freeProduct') return t('page.freeTerms', { units: r.productUnits ?? 1, sku: r.productSku ?? '' });
    return r.discountMinor === null ? '—' : money(r.discountMinor);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const refuse = (problem: string) => {
      setLastSaved(null);
      command.refuse(problem);
    };
    const cost = parseWhole(draft.cost, 1_000_000_000);
    if (!cost.ok || cost.value < 1) return refuse(t('page.costProblem'));
    const stock = draft.stock.trim() === '' ? null : parseWhole(draft.stock, 1_000_000_000);
    if (stock !== null && !stock.ok) return refuse(t('page.stockProblem'));
    const discount = draft.discount.trim() === '' ? null : parseMoneyInput(draft.discount, digits);
    if (discount !== null && (!discount.ok || discount.value < 1)) return refuse(t('page.discountProblem'));
    if (draft.kind === 'discount' && discount === null) return refuse(t('page.discountNeeded'));
    const isPercent = draft.kind === 'percentOff';
    const isFree = draft.kind === 'freeProduct';
    const percent = isPercent ? parseMoneyInput(draft.percent, 2) : null;
    if (percent !== null && (!percent.ok || percent.value < 1 || percent.value > 10_000)) {
      return refuse(t('page.percentProblem'));
    }
    const maxOff = isPercent && draft.maxDiscount.trim() !== '' ? parseMoneyInput(draft.maxDiscount, digits) : null;
    if (maxOff !== null && (!maxOff.ok || maxOff.value < 1)) return refuse(t('page.maxProblem'));
    if (isFree && draft.sku.trim() === '') return refuse(t('page.skuNeeded'));
    const units = isFree && draft.units.trim() !== '' ? parseWhole(draft.units, 100) : null;
    if (units !== null && (!units.ok || units.value < 1)) return refuse(t('page.unitsProblem'));
    const from = draft.from === '' ? null : dateInputToLocalMidnight(draft.from);
    const until = draft.until === '' ? null : dateInputToLocalMidnight(draft.until);
    if ((draft.from !== '' && from === null) || (draft.until !== '' && until === null)) {
      return refuse(t('page.dateProblem'));
    }
    if (from !== null && until !== null && until <= from) return refuse(t('page.windowProblem'));
    const fields = {
      name: draft.name.trim(),
      ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
      kind: draft.kind,
      costPoints: cost.value,
      stock: stock === null ? null : stock.ok ? stock.value : null,
      discountMinor: !isPercent && !isFree && discount !== null && discount.ok ? discount.value : null,
      percentBp: percent !== null && percent.ok ? percent.value : null,
      maxDiscountMinor: maxOff !== null && maxOff.ok ? maxOff.value : null,
      productSku: isFree ? draft.sku.trim() : null,
      productUnits: isFree ? (units !== null && units.ok ? units.value : 1) : null,
      activeFrom: from,
      activeUntil: until,
      active: draft.active,
    };
    if (fields.name === '') return refuse(t('page.nameNeeded'));
    setLastSaved(null);
    if (editing) void update.run({ rewardId: editing, ...fields });
    else void create.run(fields);
  };

  return (
    <section className="page" aria-labelledby="rewards-title">
      <h1 id="rewards-title">{t('shell:pages.rewards')}</h1>
      <form
        className="card"
        aria-label={editing ? t('page.editForm') : t('page.createForm')}
        onSubmit={submit}
        noValidate
      >
        <h2>{editing ? t('page.editForm') : t('page.createForm')}</h2>
        <div className="form-grid">
          <TextField
            label={t('page.name')}
            maxLength={80}
            value={draft.name}
            onChange={(e) => set('name', e.target.value)}
          />
          <SelectField
            label={t('page.kind')}
            value={draft.kind}
            onChange={(v) => set('kind', v)}
            options={REWARD_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          />
          <TextField
            label={t('page.cost')}
            inputMode="numeric"
            value={draft.cost}
            onChange={(e) => set('cost', e.target.value)}
          />
          <TextField
            label={t('page.stock')}
            inputMode="numeric"
            value={draft.stock}
            hint={t('page.stockHint')}
            onChange={(e) => set('stock', e.target.value)}
          />
          {draft.kind === 'goods' || draft.kind === 'coupon' || draft.kind === 'discount' ? (
            <TextField
              label={t('page.discount')}
              inputMode="decimal"
              value={draft.discount}
              hint={t('page.discountHint')}
              onChange={(e) => set('discount', e.target.value)}
            />
          ) : null}
          {draft.kind === 'percentOff' ? (
            <>
              <TextField
                label={t('page.percent')}
                inputMode="decimal"
                value={draft.percent}
                hint={t('page.percentHint')}
                onChange={(e) => set('percent', e.target.value)}
              />
              <TextField
                label={t('page.maxDiscount')}
                inputMode="decimal"
                value={draft.maxDiscount}
                hint={t('page.maxDiscountHint')}
                onChange={(e) => set('maxDiscount', e.target.value)}
              />
            </>
          ) : null}
          {draft.kind === 'freeProduct' ? (
            <>
              <TextField
                label={t('page.sku')}
                maxLength={40}
                value={draft.sku}
                hint={t('page.skuHint')}
                onChange={(e) => set('sku', e.target.value)}
              />
              <TextField
                label={t('page.units')}
                inputMode="numeric"
                value={draft.units}
                hint={t('page.unitsHint')}
                onChange={(e) => set('units', e.target.value)}
              />
            </>
          ) : null}
          <TextField
            label={t('page.from')}
            type="date"
            value={draft.from}
            onChange={(e) => set('from', e.target.value)}
          />
          <TextField
            label={t('page.until')}
            type="date"
            value={draft.until}
            onChange={(e) => set('until', e.target.value)}
          />
        </div>
        <TextField
          label={t('page.description')}
          maxLength={500}
          value={draft.description}
          onChange={(e) => set('description', e.target.value)}
        />
        <CheckField label={t('page.active')} checked={draft.active} onChange={(v) => set('active', v)} />
        <div className="actions">
          <button type="submit" className="primary" aria-disabled={command.busy || undefined}>
            {editing ? t('page.save') : t('page.create')}
          </button>
          {editing ? (
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setDraft(EMPTY);
                update.reset();
              }}
            >
              {t('cancel')}
            </button>
          ) : null}
        </div>
        <ErrorMessage>{command.errorText || list.errorText}</ErrorMessage>
        <StatusMessage>
          {saved
            ? lastSaved === 'updated'
              ? t('page.updated', { name: saved.name })
              : t('page.created', { name: saved.name })
            : ''}
        </StatusMessage>
      </form>
      <table aria-label={t('page.table')}>
        <thead>
          <tr>
            <th scope="col">{t('page.name')}</th>
            <th scope="col">{t('page.kind')}</th>
            <th scope="col">{t('page.cost')}</th>
            <th scope="col">{t('page.stock')}</th>
            <th scope="col">{t('page.discount')}</th>
            <th scope="col">{t('page.window')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rewards.map((r) => (
            <tr key={r.id} className={r.availableNow ? undefined : 'inactive'}>
              <td>{r.name}</td>
              <td>{t(`kinds.${r.kind}`)}</td>
              <td>{pts(r.costPoints)}</td>
              <td>{r.stock === null ? t('page.unlimited') : r.stock}</td>
              <td>{termsOf(r)}</td>
              <td>
                {r.activeFrom === null && r.activeUntil === null
                  ? t('page.always')
                  : `${r.activeFrom === null ? '…' : dateTime(r.activeFrom)} – ${r.activeUntil === null ? '…' : dateTime(r.activeUntil)}`}
              </td>
              <td>{r.availableNow ? t('page.available') : r.active ? t('page.notNow') : t('page.inactive')}</td>
              <td>
                <button type="button" aria-label={t('page.edit', { name: r.name })} onClick={() => edit(r)}>
                  {t('page.editShort')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rewards.length === 0 ? <p className="hint">{t('page.empty')}</p> : null}
    </section>
  );
}
