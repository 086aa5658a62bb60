import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { REWARD_KINDS, type RewardDto, type RewardKind } from '../../../../shared/contract/rewards';
import { minorToInput, parseMoneyInput, parseWhole } from '../points/decimal-input';
import { describeError } from '../../lib/describe-error';
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
  from: string;
  until: string;
  active: boolean;
}

const EMPTY: Draft = {
  name: '',
  description: '',
  kind: 'goods',
  cost: '',
  stock: '',
  discount: '',
  from: '',
  until: '',
  active: true,
};

/**
 * The rewards catalogue (managers): goods, coupons (a unique code per redemption) and
 * fixed discounts, with point cost, stock (empty = unlimited) and an active window.
 * Every reward is listed, including inactive ones; Edit loads it into the same form.
 */
export default function RewardsPage() {
  const { t } = useTranslation(['rewards', 'shell']);
  const { money, pts, digits, dateTime } = usePointsFormat();
  const [rewards, setRewards] = useState<RewardDto[]>([]);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    void call('rewards:list', { includeInactive: true }).then((r) => {
      if (!live) return;
      if (r.ok) setRewards(r.value);
      else setError(describeError(t, 'rewards:list', r.error));
    });
    return () => {
      live = false;
    };
  }, [reload, t]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const edit = (r: RewardDto) => {
    setEditing(r.id);
    setMessage('');
    setError('');
    setDraft({
      name: r.name,
      description: r.description ?? '',
      kind: r.kind,
      cost: String(r.costPoints),
      stock: r.stock === null ? '' : String(r.stock),
      discount: r.discountMinor === null ? '' : minorToInput(r.discountMinor, digits),
      from: r.activeFrom === null ? '' : epochToDateInput(r.activeFrom),
      until: r.activeUntil === null ? '' : epochToDateInput(r.activeUntil),
      active: r.active,
    });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const cost = parseWhole(draft.cost, 1_000_000_000);
    if (!cost.ok || cost.value < 1) return setError(t('page.costProblem'));
    const stock = draft.stock.trim() === '' ? null : parseWhole(draft.stock, 1_000_000_000);
    if (stock !== null && !stock.ok) return setError(t('page.stockProblem'));
    const discount = draft.discount.trim() === '' ? null : parseMoneyInput(draft.discount, digits);
    if (discount !== null && (!discount.ok || discount.value < 1)) return setError(t('page.discountProblem'));
    if (draft.kind === 'discount' && discount === null) return setError(t('page.discountNeeded'));
    const from = draft.from === '' ? null : dateInputToLocalMidnight(draft.from);
    const until = draft.until === '' ? null : dateInputToLocalMidnight(draft.until);
    if ((draft.from !== '' && from === null) || (draft.until !== '' && until === null)) {
      return setError(t('page.dateProblem'));
    }
    if (from !== null && until !== null && until <= from) return setError(t('page.windowProblem'));
    const fields = {
      name: draft.name.trim(),
      ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
      kind: draft.kind,
      costPoints: cost.value,
      stock: stock === null ? null : stock.ok ? stock.value : null,
      discountMinor: discount !== null && discount.ok ? discount.value : null,
      activeFrom: from,
      activeUntil: until,
      active: draft.active,
    };
    if (fields.name === '') return setError(t('page.nameNeeded'));
    const r = editing
      ? await call('rewards:update', { rewardId: editing, ...fields })
      : await call('rewards:create', fields);
    if (!r.ok) return setError(describeError(t, editing ? 'rewards:update' : 'rewards:create', r.error));
    setError('');
    setMessage(editing ? t('page.updated', { name: r.value.name }) : t('page.created', { name: r.value.name }));
    setEditing(null);
    setDraft(EMPTY);
    setReload((n) => n + 1);
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
          <div className="field">
            <label htmlFor="reward-name">{t('page.name')}</label>
            <input id="reward-name" maxLength={80} value={draft.name} onChange={(e) => set('name', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="reward-kind">{t('page.kind')}</label>
            <select id="reward-kind" value={draft.kind} onChange={(e) => set('kind', e.target.value as RewardKind)}>
              {REWARD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="reward-cost">{t('page.cost')}</label>
            <input
              id="reward-cost"
              inputMode="numeric"
              value={draft.cost}
              onChange={(e) => set('cost', e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="reward-stock">{t('page.stock')}</label>
            <input
              id="reward-stock"
              inputMode="numeric"
              value={draft.stock}
              aria-describedby="reward-stock-hint"
              onChange={(e) => set('stock', e.target.value)}
            />
            <p className="hint" id="reward-stock-hint">
              {t('page.stockHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="reward-discount">{t('page.discount')}</label>
            <input
              id="reward-discount"
              inputMode="decimal"
              value={draft.discount}
              aria-describedby="reward-discount-hint"
              onChange={(e) => set('discount', e.target.value)}
            />
            <p className="hint" id="reward-discount-hint">
              {t('page.discountHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="reward-from">{t('page.from')}</label>
            <input id="reward-from" type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="reward-until">{t('page.until')}</label>
            <input id="reward-until" type="date" value={draft.until} onChange={(e) => set('until', e.target.value)} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="reward-description">{t('page.description')}</label>
          <input
            id="reward-description"
            maxLength={500}
            value={draft.description}
            onChange={(e) => set('description', e.target.value)}
          />
        </div>
        <div className="check">
          <input
            id="reward-active"
            type="checkbox"
            checked={draft.active}
            onChange={(e) => set('active', e.target.checked)}
          />
          <label htmlFor="reward-active">{t('page.active')}</label>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {editing ? t('page.save') : t('page.create')}
          </button>
          {editing ? (
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setDraft(EMPTY);
              }}
            >
              {t('cancel')}
            </button>
          ) : null}
        </div>
        <ErrorMessage>{error}</ErrorMessage>
        <StatusMessage>{message}</StatusMessage>
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
              <td>{r.discountMinor === null ? '—' : money(r.discountMinor)}</td>
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
