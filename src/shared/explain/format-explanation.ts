import type { EarnFacts, ExplanationFacts, RefundFacts } from './facts';
import { decimalOf, isInteger, type Ratio } from './exact';
import { earnSteps, type BasePart } from './earn-steps';
import { numberKit, type ExplainLocale, type NumberKit } from './numbers';
import { wordingFor, type Wording } from './wording';

/**
 * One line explaining a ledger entry, purchase or refund, from its stored facts, in
 * English or Simplified Chinese. Pure: the renderer calls it with the UI language,
 * exports with English. Money and numbers go through Intl; points are "pts" / "积分".
 *
 * An award's arithmetic adds up as printed: every intermediate is the exact value
 * (or "≈" a truncation when its decimals never end), and the one rounding the engine
 * does is shown where it happens —
 *   "¥12.50 × 1 pt/¥1 = 12.5, Tea Tuesday ×2 = 25 pts"
 *   "¥105.00 × 1 pt/¥1 = 105, Gold ×1.5 = 157.5 → 157 pts (rounded down)"
 *   "(¥10.00 drinks ×2 + ¥20.00) × 1 pt/¥1 = 40, Opening bonus +50 → 90 pts"
 */
export interface ExplainOptions {
  locale: ExplainLocale;
  /** ISO 4217 code of the store currency (amounts in facts are its minor units). */
  currency: string;
  /** The store's minor units (settings.currencyMinorUnits); default the ISO digits. */
  minorUnits?: number;
  /** For dates (expiry); default the machine's zone. */
  timeZone?: string;
  /** Append "· receipt R-1" where the facts name one (default true; off where the receipt is shown beside). */
  receipt?: boolean;
}

export type Explainer = (facts: ExplanationFacts) => string;

const explainers = new Map<string, Explainer>();

/** The same options give the same (cached) explainer: exports call it for every row. */
export function explainerFor(options: ExplainOptions): Explainer {
  const key = [options.locale, options.currency, options.minorUnits, options.timeZone, options.receipt].join('|');
  let ex = explainers.get(key);
  if (!ex) {
    ex = makeExplainer(options);
    explainers.set(key, ex);
  }
  return ex;
}

export function formatExplanation(facts: ExplanationFacts, options: ExplainOptions): string {
  return explainerFor(options)(facts);
}

function makeExplainer(options: ExplainOptions): Explainer {
  const kit = numberKit(options.locale, options.currency, options.minorUnits, options.timeZone);
  const w = wordingFor(options.locale);
  const withReceipt = options.receipt !== false;
  const receipt = (no: string | undefined) => (withReceipt && no ? w.receipt(no) : '');
  return (f) => {
    switch (f.kind) {
      case 'earn':
        // "from scan" before the receipt: the export's renderer appends the receipt itself.
        return earnLine(f, kit, w) + (f.scanned ? w.scanned : '') + receipt(f.receiptNo);
      case 'pay':
        return (
          w.pay(kit.money(f.discountMinor), kit.money(f.totalMinor), kit.points(f.pointsUsed)) + receipt(f.receiptNo)
        );
      case 'redeem':
        return f.receiptNo !== undefined && f.discountMinor !== undefined
          ? w.redeemOnBill(f.reward.name, kit.points(f.points), kit.money(f.discountMinor), f.receiptNo)
          : w.redeem(f.reward.name, kit.points(f.points), f.couponCode ?? null);
      case 'redeemVoid':
        return w.redeemVoid(f.reward.name, kit.points(f.points, true), f.reason);
      case 'refund':
        return refundLine(f, kit, w) + receipt(f.receiptNo);
      case 'refundReturn':
        if (f.reward) {
          return w.rewardBack(f.reward.name, kit.points(f.points, true), f.reward.policy) + receipt(f.receiptNo);
        }
        return (
          w.refundReturn(
            w.returnedWhat(f.lines.map((l) => ({ quantity: kit.integer(l.quantity), lineNo: kit.integer(l.lineNo) }))),
            kit.points(f.points, true),
          ) + receipt(f.receiptNo)
        );
      case 'expire':
        return w.expired(
          kit.points(f.points),
          kit.day(f.earnedFrom),
          kit.day(f.earnedTo) === kit.day(f.earnedFrom) ? null : kit.day(f.earnedTo),
        );
      case 'adjust':
        return w.adjust(kit.points(f.points, true), f.reason);
      case 'cardMerge':
        return w.cardMerge(f.direction, kit.points(f.points, true), f.cardNumber);
      case 'bonus':
        return (
          w.bonus(f.bonus, kit.points(f.points, true), f.year ?? null) +
          (f.expiresAt !== undefined ? w.goodThrough(kit.day(f.expiresAt - 1)) : '') +
          receipt(f.receiptNo)
        );
      case 'clear':
        return w.clear(kit.points(f.points), f.reason, f.scope === 'bulk');
      case 'legacy': {
        let line = w.legacy(f.entry);
        if (f.amountMinor !== undefined) line += ` ${kit.money(f.amountMinor)}`;
        line += ` → ${kit.points(f.points, true)}`;
        if (f.reason) line += w.reason(f.reason);
        return line + receipt(f.receiptNo);
      }
      default:
        // A variant from a newer schema this build does not know: still say something true.
        return kit.points((f as { points?: number }).points ?? 0, true);
    }
  };
}

/** "= 157.5" for an exact value, "≈ 3.33" for a truncated one. */
function valueText(r: Ratio, kit: NumberKit): string {
  const d = decimalOf(r);
  return d.exact ? `= ${kit.decimal(d.digits, d.fractionDigits)}` : `≈ ${kit.fixed(d.digits, d.fractionDigits)}`;
}

function partText(p: BasePart, kit: NumberKit, w: Wording): string {
  return [kit.money(p.onMinor), ...p.multipliers.map((m) => `${w.label(m.label)} ×${kit.multiplier(m.percent)}`)].join(
    ' ',
  );
}

function earnLine(f: EarnFacts, kit: NumberKit, w: Wording): string {
  const rate = w.rate(kit.integer(f.rate.points), kit.money(f.rate.perMinor, true), f.rate.points === 1);
  const payment =
    billRewardText(f, kit, w) +
    (f.payment ? w.payment(kit.money(f.payment.discountMinor), kit.points(f.payment.pointsUsed)) : '');
  const s = earnSteps(f);
  if (s.shape === 'belowMinSpend') {
    return w.belowMinSpend(kit.money(f.paidMinor), kit.money(f.minSpendMinor), kit.points(0)) + payment;
  }
  if (s.shape === 'nothingPaid') return `${kit.money(0)} × ${rate} = ${kit.points(0)}${payment}`;

  const base =
    s.parts.length === 1 && s.parts[0].multipliers.length === 0
      ? kit.money(s.parts[0].onMinor)
      : `(${s.parts.map((p) => partText(p, kit, w)).join(' + ')})`;
  const perStep = f.rounding.appliedTo === 'step';
  const pieces = [`${base} × ${rate}`];
  const values = [valueText(s.base, kit)];
  const roundedAt = [s.baseRounded];
  for (const step of s.steps) {
    pieces.push(`${w.label(step.label)} ×${kit.multiplier(step.percent)}`);
    values.push(valueText(step.value, kit));
    roundedAt.push(step.rounded);
  }
  const fractional = !isInteger(s.exact);
  const last = values.length - 1;
  // Step rounding: every figure but the last shows where it was rounded (the last is the tail's).
  for (let i = 0; i < last; i++) {
    const r = roundedAt[i];
    if (r !== undefined) values[i] += ` → ${kit.integer(r)}`;
  }
  const roundedEarlier = roundedAt.slice(0, last).some((r) => r !== undefined);
  let tail = '';
  if (perStep && !fractional && roundedEarlier) tail = w.roundedNote(f.rounding.mode, true);
  if (fractional) {
    const note = w.roundedNote(f.rounding.mode, perStep);
    const flatAfter = s.bonuses.length > 0 || f.visit !== undefined || f.units !== undefined;
    tail = flatAfter ? ` → ${kit.integer(s.rounded)}${note}` : ` → ${kit.points(Number(s.total))}${note}`;
  } else if (s.bonuses.length === 0 && f.visit === undefined && f.units === undefined) {
    // The exact value is the result: give it its unit instead of repeating it.
    values[last] = `= ${kit.points(Number(s.total))}`;
  }
  const counted = f.countedMinor !== undefined ? w.counted(kit.money(f.countedMinor), kit.money(f.paidMinor)) : '';
  let line = counted + pieces.map((p, i) => `${p} ${values[i]}`).join(w.sep) + tail;
  // Points per visit read as one more flat addition after the bonuses.
  const flat = [
    ...s.bonuses,
    ...(f.units ?? []).map((u) => ({
      name: `${w.label({ kind: 'item', by: u.by, code: u.code })} ${kit.integer(u.quantity)} × ${kit.integer(u.each)}`,
      points: u.quantity * u.each,
    })),
    ...(f.visit !== undefined ? [{ name: w.visit, points: f.visit }] : []),
  ];
  if (flat.length > 0) {
    line += flat.map((b) => `${w.sep}${b.name} +${kit.integer(b.points)}`).join('');
    line += ` → ${kit.points(Number(s.total))}`;
  }
  if (f.expiresAt !== undefined) line += w.goodThrough(kit.day(f.expiresAt - 1));
  if (f.programmeEndsAt !== undefined) line += w.programmeUntil(kit.day(f.programmeEndsAt - 1));
  if (f.spendRules !== undefined)
    line += w.spendRules(
      f.spendRules.map((r) => r.name),
      f.spendRules.at(-1)?.stopAfter === true,
    );
  return line + payment;
}

function refundLine(f: RefundFacts, kit: NumberKit, w: Wording): string {
  const what = w.returnedWhat(
    f.lines.map((l) => ({ quantity: kit.integer(l.quantity), lineNo: kit.integer(l.lineNo) })),
  );
  let line = w.refund(what, kit.money(f.amountMinor), kit.points(-f.pointsOwed, true));
  if (f.pointsReturned > 0) line += w.refundGivenBack(kit.points(f.pointsReturned, true));
  if (f.shortfall > 0) line += w.refundShortfall(kit.points(f.shortfall), kit.points(-f.pointsClawedBack, true));
  else if (f.overdrawn > 0) line += w.refundOverdrawn(kit.points(f.overdrawn));
  return line;
}

/** The bill reward's part of an award line (issue 11 item 2); empty without one. */
function billRewardText(f: EarnFacts, kit: NumberKit, w: Wording): string {
  const b = f.billReward;
  if (!b) return '';
  const terms = w.billTerms({
    ...(b.percentBp !== undefined ? { percent: kit.percentBp(b.percentBp) } : {}),
    ...(b.maxMinor !== undefined ? { max: kit.money(b.maxMinor) } : {}),
    ...(b.sku !== undefined ? { sku: b.sku, units: kit.integer(b.units ?? 1) } : {}),
    ...(b.valueMinor !== undefined ? { value: kit.money(b.valueMinor) } : {}),
  });
  return w.billReward(b.name, kit.money(b.discountMinor), kit.money(b.totalMinor), terms);
}
