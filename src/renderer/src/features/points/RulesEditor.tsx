import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { ErrorMessage } from '../../components/Messages';
import type { RulePreviewDto, RuleSetDto } from '../../../../shared/contract/points';
import { ROUNDING_MODES, REFUND_POLICIES } from '../../../../shared/contract/points';
import { pointsErrorText } from './points-errors';
import {
  buildRules,
  dateInputToLocalMidnight,
  draftFromRules,
  nextKey,
  type MultiplierDraft,
  type PromotionDraft,
  type RulesDraft,
  type TierDraft,
} from './rules-form';
import { usePointsFormat } from './use-points-format';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];

/**
 * The rule set as a form. "Preview" asks main what the last 50 purchases would have
 * earned under the edited rules (nothing is written); "Save as a new version" is only
 * enabled for exactly the rules that were previewed, so no change is saved unseen.
 */
export function RulesEditor({ base, onSaved }: { base: RuleSetDto; onSaved(saved: RuleSetDto): void }) {
  const { t } = useTranslation('points');
  const { money, dateTime, pts, digits, explain } = usePointsFormat();
  const [draft, setDraft] = useState<RulesDraft>(() => draftFromRules(base.rules, digits));
  const [effective, setEffective] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<{ key: string; value: RulePreviewDto } | null>(null);
  const [error, setError] = useState('');

  const set = <K extends keyof RulesDraft>(k: K, v: RulesDraft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
  };
  const built = useMemo(() => buildRules(draft, digits), [draft, digits]);
  const effectiveFrom = effective === '' ? undefined : dateInputToLocalMidnight(effective);
  const currentKey = built.ok ? JSON.stringify([built.rules, effective]) : null;
  const isPreviewCurrent = preview !== null && preview.key === currentKey;

  const problem = (field: string) => (problems[field] ? t(`rules.problems.${problems[field]}`) : undefined);

  const runPreview = async () => {
    if (!built.ok) {
      setProblems(built.problems);
      setError(t('rules.fixFields'));
      return;
    }
    if (effectiveFrom === null || (effectiveFrom !== undefined && effectiveFrom <= Date.now())) {
      setProblems({ effective: 'future' });
      setError(t('rules.fixFields'));
      return;
    }
    setProblems({});
    const r = await call('points:previewRules', { rules: built.rules, lastN: 50 });
    if (!r.ok) return setError(pointsErrorText(t, r.error));
    setError('');
    setPreview({ key: currentKey!, value: r.value });
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!built.ok || !isPreviewCurrent) return void runPreview();
    const r = await call('points:saveRules', {
      rules: built.rules,
      ...(effectiveFrom !== undefined && effectiveFrom !== null ? { effectiveFrom } : {}),
    });
    if (!r.ok) return setError(pointsErrorText(t, r.error));
    setError('');
    // The page re-reads the versions and remounts this form on the new base; it shows the message.
    onSaved(r.value);
  };

  const field = (
    id: string,
    label: string,
    value: string,
    onChange: (v: string) => void,
    opts: { hint?: ReactNode; inputMode?: 'decimal' | 'numeric' | 'text'; suffix?: ReactNode } = {},
  ) => (
    <div className="field">
      <label htmlFor={`rules-${id}`}>{label}</label>
      <input
        id={`rules-${id}`}
        inputMode={opts.inputMode ?? 'decimal'}
        autoComplete="off"
        value={value}
        aria-invalid={problems[id] ? true : undefined}
        aria-describedby={`rules-${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className="hint" id={`rules-${id}-hint`}>
        {problem(id) ?? opts.hint ?? ''}
      </p>
    </div>
  );

  const check = (id: string, label: string, value: boolean, onChange: (v: boolean) => void) => (
    <div className="check">
      <input id={`rules-${id}`} type="checkbox" checked={value} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={`rules-${id}`}>{label}</label>
    </div>
  );

  const select = (
    id: string,
    label: string,
    value: string,
    options: readonly string[],
    onChange: (v: string) => void,
    prefix: string,
  ) => (
    <div className="field">
      <label htmlFor={`rules-${id}`}>{label}</label>
      <select id={`rules-${id}`} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`${prefix}.${o}`)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <form className="rules-editor" aria-label={t('rules.editor')} onSubmit={save} noValidate>
      <section className="card rules-section" aria-labelledby="rules-earn-title">
        <h2 id="rules-earn-title">{t('rules.earnTitle')}</h2>
        <div className="form-grid">
          {field('earnPoints', t('rules.earnPoints'), draft.earnPoints, (v) => set('earnPoints', v), {
            inputMode: 'numeric',
          })}
          {field('earnPer', t('rules.earnPer'), draft.earnPer, (v) => set('earnPer', v), {
            hint: t('rules.earnHint'),
          })}
          {select(
            'rounding',
            t('rules.rounding'),
            draft.rounding,
            ROUNDING_MODES,
            (v) => set('rounding', v as RulesDraft['rounding']),
            'rules.roundingModes',
          )}
          {field('minSpend', t('rules.minSpend'), draft.minSpend, (v) => set('minSpend', v))}
        </div>
      </section>
      <section className="card rules-section" aria-labelledby="rules-redeem-title">
        <h2 id="rules-redeem-title">{t('rules.redeemTitle')}</h2>
        <div className="form-grid">
          {field('redeemValue', t('rules.redeemValue'), draft.redeemValue, (v) => set('redeemValue', v), {
            hint: t('rules.redeemHint'),
          })}
          {field(
            'redeemPerPoints',
            t('rules.redeemPerPoints'),
            draft.redeemPerPoints,
            (v) => set('redeemPerPoints', v),
            {
              inputMode: 'numeric',
            },
          )}
          {field('payMaxPercent', t('rules.payMaxPercent'), draft.payMaxPercent, (v) => set('payMaxPercent', v), {
            inputMode: 'numeric',
          })}
          {field('expiryMonths', t('rules.expiryMonths'), draft.expiryMonths, (v) => set('expiryMonths', v), {
            inputMode: 'numeric',
            hint: t('rules.expiryHint'),
          })}
          {select(
            'refundPolicy',
            t('rules.refundPolicy'),
            draft.refundPolicy,
            REFUND_POLICIES,
            (v) => set('refundPolicy', v as RulesDraft['refundPolicy']),
            'rules.refundPolicies',
          )}
        </div>
        {check('payAllowed', t('rules.payAllowed'), draft.payAllowed, (v) => set('payAllowed', v))}
        {check('requirePin', t('rules.requirePin'), draft.requirePin, (v) => set('requirePin', v))}
      </section>

      <section className="card rules-section" aria-labelledby="rules-tiers-title">
        <h2 id="rules-tiers-title">{t('rules.tiersTitle')}</h2>
        {field(
          'tierWindowMonths',
          t('rules.tierWindowMonths'),
          draft.tierWindowMonths,
          (v) => set('tierWindowMonths', v),
          {
            inputMode: 'numeric',
          },
        )}
        <RowsTable
          label={t('rules.tiersTitle')}
          columns={[t('rules.tierName'), t('rules.tierThreshold'), t('rules.multiplier')]}
          rows={draft.tiers}
          onRemove={(k) =>
            set(
              'tiers',
              draft.tiers.filter((x) => x.key !== k),
            )
          }
          removeLabel={(i) => t('rules.removeTier', { n: i + 1 })}
          cells={(row: TierDraft, i) => {
            const upd = (patch: Partial<TierDraft>) =>
              set(
                'tiers',
                draft.tiers.map((x) => (x.key === row.key ? { ...x, ...patch } : x)),
              );
            return [
              <Cell
                key="n"
                label={t('rules.tierNameOf', { n: i + 1 })}
                value={row.name}
                problem={problem(`tiers.${i}.name`)}
                onChange={(v) => upd({ name: v })}
              />,
              <Cell
                key="t"
                label={t('rules.tierThresholdOf', { n: i + 1 })}
                value={row.threshold}
                problem={problem(`tiers.${i}.threshold`)}
                onChange={(v) => upd({ threshold: v })}
              />,
              <Cell
                key="m"
                label={t('rules.tierMultiplierOf', { n: i + 1 })}
                value={row.multiplier}
                problem={problem(`tiers.${i}.multiplier`)}
                onChange={(v) => upd({ multiplier: v })}
              />,
            ];
          }}
        />
        <button
          type="button"
          onClick={() => set('tiers', [...draft.tiers, { key: nextKey(), name: '', threshold: '', multiplier: '1' }])}
        >
          {t('rules.addTier')}
        </button>
        <p className="hint">{t('rules.tiersHint')}</p>
      </section>

      <section className="card rules-section" aria-labelledby="rules-mult-title">
        <h2 id="rules-mult-title">{t('rules.multipliersTitle')}</h2>
        {(['categories', 'skus'] as const).map((kind) => (
          <div key={kind}>
            <RowsTable
              label={t(`rules.${kind}`)}
              columns={[t(`rules.${kind}Label`), t('rules.multiplier')]}
              rows={draft[kind]}
              onRemove={(k) =>
                set(
                  kind,
                  draft[kind].filter((x) => x.key !== k),
                )
              }
              removeLabel={(i) => t(`rules.${kind}Remove`, { n: i + 1 })}
              cells={(row: MultiplierDraft, i) => {
                const upd = (patch: Partial<MultiplierDraft>) =>
                  set(
                    kind,
                    draft[kind].map((x) => (x.key === row.key ? { ...x, ...patch } : x)),
                  );
                return [
                  <Cell
                    key="l"
                    label={t(`rules.${kind}LabelOf`, { n: i + 1 })}
                    value={row.label}
                    problem={problem(`${kind}.${i}.label`)}
                    onChange={(v) => upd({ label: v })}
                  />,
                  <Cell
                    key="m"
                    label={t(`rules.${kind}MultiplierOf`, { n: i + 1 })}
                    value={row.multiplier}
                    problem={problem(`${kind}.${i}.multiplier`)}
                    onChange={(v) => upd({ multiplier: v })}
                  />,
                ];
              }}
            />
            <button
              type="button"
              onClick={() => set(kind, [...draft[kind], { key: nextKey(), label: '', multiplier: '2' }])}
            >
              {t(`rules.${kind}Add`)}
            </button>
          </div>
        ))}
        <p className="hint">{t('rules.multipliersHint')}</p>
      </section>

      <section className="card rules-section" aria-labelledby="rules-promo-title">
        <h2 id="rules-promo-title">{t('rules.promotionsTitle')}</h2>
        {draft.promotions.map((p, i) => {
          const upd = (patch: Partial<PromotionDraft>) =>
            set(
              'promotions',
              draft.promotions.map((x) => (x.key === p.key ? { ...x, ...patch } : x)),
            );
          return (
            <fieldset key={p.key} className="card">
              <legend>{t('rules.promotionN', { n: i + 1 })}</legend>
              <div className="form-grid">
                <Cell
                  label={t('rules.promoName')}
                  value={p.name}
                  problem={problem(`promotions.${i}.name`)}
                  onChange={(v) => upd({ name: v })}
                  visibleLabel
                />
                <div className="field">
                  <label htmlFor={`promo-kind-${p.key}`}>{t('rules.promoKind')}</label>
                  <select
                    id={`promo-kind-${p.key}`}
                    value={p.kind}
                    onChange={(e) => upd({ kind: e.target.value as PromotionDraft['kind'] })}
                  >
                    <option value="multiplier">{t('rules.promoKinds.multiplier')}</option>
                    <option value="bonus">{t('rules.promoKinds.bonus')}</option>
                  </select>
                </div>
                <Cell
                  label={p.kind === 'multiplier' ? t('rules.multiplier') : t('rules.promoBonus')}
                  value={p.value}
                  problem={problem(`promotions.${i}.value`)}
                  onChange={(v) => upd({ value: v })}
                  visibleLabel
                />
                <Cell
                  label={t('rules.promoCategory')}
                  value={p.category}
                  onChange={(v) => upd({ category: v })}
                  visibleLabel
                />
                <Cell
                  label={t('rules.promoStarts')}
                  type="date"
                  value={p.starts}
                  problem={problem(`promotions.${i}.starts`)}
                  onChange={(v) => upd({ starts: v })}
                  visibleLabel
                />
                <Cell
                  label={t('rules.promoEnds')}
                  type="date"
                  value={p.ends}
                  problem={problem(`promotions.${i}.ends`)}
                  onChange={(v) => upd({ ends: v })}
                  visibleLabel
                />
              </div>
              <fieldset className="weekdays">
                <legend>{t('rules.promoWeekdays')}</legend>
                {WEEKDAYS.map((d) => (
                  <label key={d}>
                    <input
                      type="checkbox"
                      checked={p.weekdays.includes(d)}
                      onChange={(e) =>
                        upd({ weekdays: e.target.checked ? [...p.weekdays, d] : p.weekdays.filter((x) => x !== d) })
                      }
                    />
                    {t(`rules.weekdays.${d}`)}
                  </label>
                ))}
              </fieldset>
              <button
                type="button"
                onClick={() =>
                  set(
                    'promotions',
                    draft.promotions.filter((x) => x.key !== p.key),
                  )
                }
              >
                {t('rules.removePromotion', { n: i + 1 })}
              </button>
            </fieldset>
          );
        })}
        <button
          type="button"
          onClick={() =>
            set('promotions', [
              ...draft.promotions,
              {
                key: nextKey(),
                name: '',
                kind: 'multiplier',
                value: '2',
                category: '',
                starts: '',
                ends: '',
                weekdays: [],
              },
            ])
          }
        >
          {t('rules.addPromotion')}
        </button>
      </section>

      <section className="card rules-section" aria-labelledby="rules-save-title">
        <h2 id="rules-save-title">{t('rules.saveTitle')}</h2>
        <div className="field narrow">
          <label htmlFor="rules-effective">{t('rules.effective')}</label>
          <input
            id="rules-effective"
            type="date"
            value={effective}
            aria-describedby="rules-effective-hint"
            onChange={(e) => setEffective(e.target.value)}
          />
          <p className="hint" id="rules-effective-hint">
            {problem('effective') ?? t('rules.effectiveHint')}
          </p>
        </div>
        <div className="actions">
          <button type="button" onClick={() => void runPreview()}>
            {t('rules.preview')}
          </button>
          <button type="submit" className="primary" disabled={!isPreviewCurrent}>
            {t('rules.save')}
          </button>
        </div>
        {!isPreviewCurrent ? <p className="hint">{t('rules.previewFirst')}</p> : null}
        <ErrorMessage>{error}</ErrorMessage>
        {preview ? (
          <div className="rules-preview" aria-live="polite">
            <h3>{t('rules.previewTitle')}</h3>
            {preview.value.totals.purchases === 0 ? (
              <p>{t('rules.previewNone')}</p>
            ) : (
              <>
                <p role="note" aria-label={t('rules.previewTotals')}>
                  {t('rules.previewTotalsLine', {
                    count: preview.value.totals.purchases,
                    actual: pts(preview.value.totals.actualPoints),
                    proposed: pts(preview.value.totals.proposedPoints),
                    difference: pts(preview.value.totals.difference, true),
                  })}
                </p>
                <table aria-label={t('rules.previewTitle')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('rules.previewReceipt')}</th>
                      <th scope="col">{t('rules.previewWhen')}</th>
                      <th scope="col">{t('rules.previewPaid')}</th>
                      <th scope="col">{t('rules.previewActual')}</th>
                      <th scope="col">{t('rules.previewProposed')}</th>
                      <th scope="col">{t('rules.previewDiff')}</th>
                      <th scope="col">{t('rules.previewExplanation')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.value.rows.map((r) => {
                      const diff = r.proposedPoints - r.actualPoints;
                      return (
                        <tr key={r.purchaseId}>
                          <td>{r.receiptNo}</td>
                          <td>{dateTime(r.createdAt)}</td>
                          <td>{money(r.paidMinor)}</td>
                          <td>
                            {pts(r.actualPoints)} (v{r.actualRuleVersion})
                          </td>
                          <td>{pts(r.proposedPoints)}</td>
                          <td className={diff > 0 ? 'diff-pos' : diff < 0 ? 'diff-neg' : undefined}>
                            {pts(diff, true)}
                          </td>
                          <td className="details">{explain(r.proposedFacts, { receipt: false })}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </>
            )}
          </div>
        ) : null}
      </section>
    </form>
  );
}

function Cell(props: {
  label: string;
  value: string;
  onChange(v: string): void;
  problem?: string;
  type?: string;
  visibleLabel?: boolean;
}) {
  const input = (
    <input
      aria-label={props.visibleLabel ? undefined : props.label}
      type={props.type ?? 'text'}
      value={props.value}
      aria-invalid={props.problem ? true : undefined}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
  if (!props.visibleLabel) {
    return (
      <>
        {input}
        {props.problem ? <p className="hint message-error">{props.problem}</p> : null}
      </>
    );
  }
  return (
    <div className="field">
      <label>
        {props.label}
        {input}
      </label>
      {props.problem ? <p className="hint message-error">{props.problem}</p> : null}
    </div>
  );
}

function RowsTable<R extends { key: number }>(props: {
  label: string;
  columns: string[];
  rows: R[];
  cells(row: R, i: number): ReactNode[];
  onRemove(key: number): void;
  removeLabel(i: number): string;
}) {
  if (props.rows.length === 0) return null;
  return (
    <table aria-label={props.label}>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          <td />
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={row.key}>
            {props.cells(row, i).map((c, j) => (
              <td key={j}>{c}</td>
            ))}
            <td>
              <button type="button" aria-label={props.removeLabel(i)} onClick={() => props.onRemove(row.key)}>
                ×
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
