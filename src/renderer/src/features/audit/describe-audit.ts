import type { Translate } from '../../lib/describe-error';
import type { AuditEntryDto } from '../../../../shared/contract';

/**
 * The audit log in plain language: one sentence per record, in the UI language, from
 * the record's action and its stored details (the log keeps codes and numbers, never
 * text, so every language reads the same record). `audit:says.<action>` holds the
 * sentence (nested keys: 'points.adjusted' is says → points → adjusted), `audit:types`
 * the short name the action filter lists. An action without a sentence (one a newer
 * version records) reads as its code, so nothing is ever hidden.
 */

/** `t` without the catalogue's key types: the keys here are built from stored codes. */
type LooseT = (key: string, opts?: Record<string, unknown>) => string;
const loose = (t: Translate) => t as unknown as LooseT;

/** Every action type the filter offers, grouped by its prefix (the area that records it). */
export const AUDIT_ACTION_TYPES = [
  'auth.signIn',
  'auth.signOut',
  'auth.signInFailed',
  'auth.signInBlocked',
  'auth.backoff',
  'auth.lock',
  'auth.unlock',
  'auth.unlockFailed',
  'auth.denied',
  'auth.forbidden',
  'auth.recoveryFailed',
  'auth.resetCodeFailed',
  'staff.ownerCreated',
  'staff.created',
  'staff.deactivated',
  'staff.reactivated',
  'staff.resetCodeIssued',
  'staff.passwordChanged',
  'staff.passwordChangeFailed',
  'staff.passwordReset',
  'staff.ownerRecovered',
  'members.registered',
  'members.updated',
  'members.deactivated',
  'members.reactivated',
  'members.pinSet',
  'members.pinChanged',
  'members.pinReset',
  'members.pinVerified',
  'members.exported',
  'members.erased',
  'members.imported',
  'members.pinFailed',
  'members.pinBlocked',
  'members.pinResetFailed',
  'members.erasureReapplied',
  'members.contactRevealed',
  'members.provisionalRecorded',
  'members.lookupsThrottled',
  'points.awarded',
  'points.refunded',
  'points.adjusted',
  'points.cleared',
  'points.bulkCleared',
  'points.expiryRun',
  'points.rulesSaved',
  'points.voucherUsed',
  'points.promoCodesCreated',
  'rewards.created',
  'rewards.updated',
  'rewards.redeemed',
  'rewards.voided',
  'settings.changed',
  'backup.created',
  'backup.restored',
  'export.completed',
  'export.failed',
  'job.cancelRequested',
  'approval.granted',
  'points.expired',
  'sync.enrolled',
  'audit.chainKeyed',
  'audit.keyReplaced',
  'audit.checkFailed',
] as const;

export const AUDIT_ACTION_GROUPS = [
  'auth',
  'staff',
  'members',
  'points',
  'rewards',
  'settings',
  'backup',
  'export',
  'job',
  'audit',
  'approval',
  'sync',
] as const;

export interface AuditFormatters {
  /** Points with the unit ("+50 pts", "+50 积分"). */
  pts(n: number, signed?: boolean): string;
  money(minor: number): string;
  dateTime(ms: number): string;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
/** A setting's value as a person reads it (true/false, numbers, text; objects as JSON). */
const shown = (v: unknown): string =>
  v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** Every value any sentence may name, so no sentence shows a raw {{placeholder}}. */
export function auditValues(tt: Translate, e: AuditEntryDto, f: AuditFormatters): Record<string, string | number> {
  const t = loose(tt);
  const d = e.details;
  const points = d.pointsEarned ?? d.pointsCleared ?? d.pointsExpired ?? d.points;
  return {
    who: e.staffName ?? e.actorName ?? t('audit:system'),
    subject: e.subjectName ?? e.target ?? '—',
    username: str(d.username),
    role: typeof d.role === 'string' ? t(`shell:roles.${d.role}`, { defaultValue: d.role }) : '',
    points: f.pts(num(points)),
    signedPoints: f.pts(num(d.points), true),
    money: f.money(num(d.paidMinor ?? d.amountMinor ?? d.discountMinor)),
    receiptNo: str(d.receiptNo ?? (e.action === 'points.refunded' ? e.target : '')),
    reason: str(d.reason) || '—',
    count: num(d.members ?? d.imported ?? d.entries ?? d.count),
    name: str(d.rewardName ?? d.name ?? (d.after as { name?: unknown } | undefined)?.name),
    cardNumber: str(d.cardNumber),
    version: str(e.target).replace(/^v/, ''),
    key: str(e.target),
    from: shown(d.from),
    to: shown(d.to),
    channel: str(d.channel),
    // "Show contact": the reason is a code (CONTACT_REVEAL_REASONS), read in the UI language.
    revealReason: d.reason ? t(`members:contact.reasons.${str(d.reason)}`, { defaultValue: str(d.reason) }) : '—',
    // An award whose receipt (and amount) came from scanning the till's receipt (issue 9 item 13).
    scanned: typeof d.scanned === 'string' ? t('audit:fromScan') : '',
  };
}

/** One record as a sentence in the UI language. */
export function describeAudit(t: Translate, e: AuditEntryDto, f: AuditFormatters): string {
  // `replace` keeps the values apart from t's own options (a `count` must not pick a plural).
  return loose(t)(`audit:says.${e.action}`, { replace: auditValues(t, e, f), defaultValue: e.action });
}

/** The filter's name for an action type ("Points adjusted"); the code where none is written. */
export function actionTypeName(t: Translate, action: string): string {
  return loose(t)(`audit:types.${action}`, { defaultValue: action });
}
