import type { ExplainLocale } from './numbers';
import type { StepLabel } from './earn-steps';

/**
 * The two languages of an explanation. Pieces arrive already formatted (money, points,
 * numbers by Intl); these only put them in order with the right words and punctuation.
 * Kept beside the formatter (not in the renderer's catalogues) because main renders the
 * same lines for exports, and because a sentence's arithmetic must not drift between
 * languages. Names people typed (tiers, promotions, rewards, reasons) are never translated.
 */
export interface Wording {
  /** Between steps of one line: ", " / "，". */
  sep: string;
  /** Before a reference ("· receipt R-1"). */
  receipt(no: string): string;
  /** After an award whose values came from scanning the till's receipt (before its receipt). */
  scanned: string;
  /** "1 pt/¥1" */
  rate(points: string, per: string, isOne: boolean): string;
  label(l: StepLabel): string;
  rounding(mode: 'down' | 'nearest' | 'up'): string;
  /** " (rounded down)" after the rounded figure; " (rounded down at each step)" for step rounding. */
  roundedNote(mode: 'down' | 'nearest' | 'up', perStep?: boolean): string;
  /** The points-per-visit addition's label: "Per visit" / "每次到店". */
  visit: string;
  /** Before the chain when a cap applied: "¥1,000.00 of ¥1,500.00 counts: ". */
  counted(counted: string, paid: string): string;
  /** " · good through 5 Dec 2026": the last day the earned points can be spent. */
  goodThrough(day: string): string;
  /** " · programme until 31 Dec 2026": the last day of the rule set's programme window. */
  programmeUntil(day: string): string;
  belowMinSpend(paid: string, min: string, zero: string): string;
  payment(discount: string, points: string): string;
  /** " · Summer 10%: −¥10.00 of ¥100.00 (10%, at most ¥15.00)": a bill reward, before the payment. */
  billReward(reward: string, off: string, total: string, terms: string): string;
  /** "10%", "10%, at most ¥15.00", "2 × SKU LATTE free", "¥5.00 off". */
  billTerms(t: { percent?: string; max?: string; units?: string; sku?: string; value?: string }): string;
  /** "Redeemed Summer 10% on receipt R-1 (−¥10.00) for 500 pts". */
  redeemOnBill(reward: string, points: string, off: string, receipt: string): string;
  /** Points of a refunded receipt's bill reward given back. */
  rewardBack(reward: string, points: string, policy: 'none' | 'proportional' | 'allOnFullRefund'): string;
  pay(discount: string, total: string, points: string): string;
  redeem(reward: string, points: string, coupon: string | null): string;
  redeemVoid(reward: string, points: string, reason: string): string;
  returnedWhat(lines: { quantity: string; lineNo: string }[]): string;
  refund(what: string, amount: string, owed: string): string;
  refundGivenBack(points: string): string;
  refundShortfall(points: string, clawed: string): string;
  refundOverdrawn(points: string): string;
  refundReturn(what: string, points: string): string;
  expired(points: string, from: string, to: string | null): string;
  adjust(points: string, reason: string): string;
  /** A provisional card's points joining (in) or leaving for (out) the member who holds the card. */
  cardMerge(direction: 'in' | 'out', points: string, card: string): string;
  clear(points: string, reason: string, bulk: boolean): string;
  legacy(entry: string): string;
  reason(reason: string): string;
  /** A programme bonus: "Welcome bonus +50 pts", "Birthday bonus 2026 +100 pts". */
  bonus(kind: 'welcome' | 'birthday' | 'referrer' | 'referred', points: string, year: number | null): string;
  /** " · spend rules Base + Big basket (stop)": the spend rules that applied (migration 015). */
  spendRules(names: string[], stopped: boolean): string;
}

const en: Wording = {
  sep: ', ',
  receipt: (no) => ` · receipt ${no}`,
  scanned: ' · from scan',
  rate: (points, per, isOne) => `${points} ${isOne ? 'pt' : 'pts'}/${per}`,
  label: (l) =>
    l.kind === 'item'
      ? l.by === 'sku'
        ? `SKU ${l.code}`
        : l.by === 'outside'
          ? `${l.code} (not earning)`
          : l.code
      : l.name,
  rounding: (mode) => (mode === 'down' ? 'rounded down' : mode === 'up' ? 'rounded up' : 'rounded to nearest'),
  roundedNote: (mode, perStep) => ` (${en.rounding(mode)}${perStep ? ' at each step' : ''})`,
  goodThrough: (day) => ` · good through ${day}`,
  visit: 'Per visit',
  counted: (counted, paid) => `${counted} of ${paid} counts: `,
  programmeUntil: (day) => ` · programme until ${day}`,
  belowMinSpend: (paid, min, zero) => `${paid} is below the ${min} minimum spend → ${zero}`,
  payment: (discount, points) => ` (${discount} paid with ${points})`,
  billReward: (reward, off, total, terms) => ` · ${reward}: −${off} of ${total} (${terms})`,
  billTerms: (t) =>
    t.sku !== undefined
      ? `${t.units} × SKU ${t.sku} free`
      : t.percent !== undefined
        ? `${t.percent} off${t.max !== undefined ? `, at most ${t.max}` : ''}`
        : `${t.value} off`,
  redeemOnBill: (reward, points, off, receipt) => `Redeemed ${reward} on receipt ${receipt} (−${off}) for ${points}`,
  rewardBack: (reward, points, policy) =>
    `Reward ${reward} given back with the return: ${points} (${
      policy === 'proportional' ? 'in proportion to its discount returned' : 'all of it on a full refund'
    })`,
  pay: (discount, total, points) => `Paid ${discount} of ${total} with ${points}`,
  redeem: (reward, points, coupon) => `Redeemed ${reward}${coupon ? ` (coupon ${coupon})` : ''} for ${points}`,
  redeemVoid: (reward, points, reason) => `Void of ${reward}: ${points} back · ${reason}`,
  returnedWhat: (lines) => lines.map((l) => `${l.quantity} × line ${l.lineNo}`).join(', '),
  refund: (what, amount, owed) => `Returned ${what} (${amount}): ${owed} earned`,
  refundGivenBack: (points) => `, ${points} that paid for it`,
  refundShortfall: (points, clawed) =>
    `; ${points} already spent, not taken back (policy: cap at zero) → ${clawed} taken back`,
  refundOverdrawn: (points) => `; ${points} already spent, balance goes negative (policy: claw back)`,
  refundReturn: (what, points) => `Points that paid for returned ${what} given back: ${points}`,
  expired: (points, from, to) => `${points} expired (earned ${to ? `${from} to ${to}` : from})`,
  adjust: (points, reason) => `Manager adjustment ${points}: ${reason}`,
  cardMerge: (direction, points, card) =>
    direction === 'in'
      ? `Points recorded on card ${card} while head office was unreachable ${points}`
      : `Provisional card ${card} matched with its member: points moved ${points}`,
  clear: (points, reason, bulk) => `${bulk ? 'Bulk clear of' : 'Cleared'} ${points}: ${reason}`,
  legacy: (entry) => LEGACY_EN[entry] ?? 'Entry',
  reason: (reason) => `: ${reason}`,
  bonus: (kind, points, year) =>
    kind === 'welcome'
      ? `Welcome bonus ${points}`
      : kind === 'birthday'
        ? `Birthday bonus ${year ?? ''} ${points}`
        : kind === 'referrer'
          ? `Referral bonus (a member you referred made their first purchase) ${points}`
          : `Referral bonus (first purchase) ${points}`,
  spendRules: (names, stopped) =>
    names.length === 0 ? ' · no spend rule reached' : ` · spend rules ${names.join(' + ')}${stopped ? ' (stop)' : ''}`,
};

const LEGACY_EN: Record<string, string> = {
  earn: 'Award',
  purchase: 'Award',
  pay: 'Paid with points',
  redeem: 'Redemption',
  redeem_void: 'Redemption voided',
  refund_return: 'Refund: points given back',
  refund_clawback: 'Refund',
  refund: 'Refund',
  expire: 'Expiry',
  adjust: 'Adjustment',
  clear: 'Clear',
};

const zh: Wording = {
  sep: '，',
  receipt: (no) => ` · 小票 ${no}`,
  scanned: ' · 扫码录入',
  rate: (points, per) => `${points} 积分/${per}`,
  label: (l) =>
    l.kind === 'item'
      ? l.by === 'sku'
        ? `货号 ${l.code}`
        : l.by === 'outside'
          ? `${l.code}（不计积分）`
          : l.code
      : l.name,
  rounding: (mode) => (mode === 'down' ? '向下取整' : mode === 'up' ? '向上取整' : '四舍五入'),
  roundedNote: (mode, perStep) => `（${perStep ? '每步' : ''}${zh.rounding(mode)}）`,
  goodThrough: (day) => ` · 有效期至 ${day}`,
  visit: '每次到店',
  counted: (counted, paid) => `${paid} 中计入 ${counted}：`,
  programmeUntil: (day) => ` · 活动截至 ${day}`,
  belowMinSpend: (paid, min, zero) => `${paid} 低于最低消费 ${min} → ${zero}`,
  payment: (discount, points) => `（${discount} 由 ${points}抵扣）`,
  billReward: (reward, off, total, terms) => ` · ${reward}：${total} 减 ${off}（${terms}）`,
  billTerms: (t) =>
    t.sku !== undefined
      ? `免费 ${t.units} 件 SKU ${t.sku}`
      : t.percent !== undefined
        ? `减 ${t.percent}${t.max !== undefined ? `，最多 ${t.max}` : ''}`
        : `减 ${t.value}`,
  redeemOnBill: (reward, points, off, receipt) => `在小票 ${receipt} 上兑换 ${reward}（减 ${off}），使用 ${points}`,
  rewardBack: (reward, points, policy) =>
    `退货退还奖励 ${reward} 的积分：${points}（${policy === 'proportional' ? '按退回的优惠比例' : '全部退货时全额'}）`,
  pay: (discount, total, points) => `用 ${points}抵扣 ${total} 中的 ${discount}`,
  redeem: (reward, points, coupon) => `兑换 ${reward}${coupon ? `（券码 ${coupon}）` : ''}，使用 ${points}`,
  redeemVoid: (reward, points, reason) => `撤销兑换 ${reward}：退回 ${points} · ${reason}`,
  returnedWhat: (lines) => lines.map((l) => `第 ${l.lineNo} 行 × ${l.quantity}`).join('、'),
  refund: (what, amount, owed) => `退货 ${what}（${amount}）：扣回所得 ${owed}`,
  refundGivenBack: (points) => `，退还抵扣所用 ${points}`,
  refundShortfall: (points, clawed) => `；${points}已被用掉，未扣回（策略：扣至零）→ 实扣 ${clawed}`,
  refundOverdrawn: (points) => `；${points}已被用掉，余额变为负数（策略：全额扣回）`,
  refundReturn: (what, points) => `退货 ${what}：退还抵扣所用 ${points}`,
  expired: (points, from, to) => `${points}已过期（获得于 ${to ? `${from} 至 ${to}` : from}）`,
  adjust: (points, reason) => `经理调整 ${points}：${reason}`,
  cardMerge: (direction, points, card) =>
    direction === 'in'
      ? `总部无法连接时记在卡 ${card} 上的积分 ${points}`
      : `临时卡 ${card} 已与会员匹配：积分转出 ${points}`,
  clear: (points, reason, bulk) => `${bulk ? '批量清零' : '清零'} ${points}：${reason}`,
  legacy: (entry) => LEGACY_ZH[entry] ?? '记录',
  reason: (reason) => `：${reason}`,
  bonus: (kind, points, year) =>
    kind === 'welcome'
      ? `注册奖励 ${points}`
      : kind === 'birthday'
        ? `${year ?? ''} 年生日奖励 ${points}`
        : kind === 'referrer'
          ? `推荐奖励（您推荐的会员完成首次消费）${points}`
          : `推荐奖励（首次消费）${points}`,
  spendRules: (names, stopped) =>
    names.length === 0 ? ' · 未达到任何消费规则' : ` · 消费规则 ${names.join(' + ')}${stopped ? '（到此为止）' : ''}`,
};

const LEGACY_ZH: Record<string, string> = {
  earn: '消费',
  purchase: '消费',
  pay: '积分抵扣',
  redeem: '兑换奖励',
  redeem_void: '撤销兑换',
  refund_return: '退货：退还积分',
  refund_clawback: '退货',
  refund: '退货',
  expire: '过期',
  adjust: '调整',
  clear: '清零',
};

export function wordingFor(locale: ExplainLocale): Wording {
  return locale === 'zh-CN' ? zh : en;
}
