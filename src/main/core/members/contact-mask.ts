import type { Role } from '../../../shared/roles';
import type { MemberDto, MemberSummary } from '../../../shared/contract/members';
import type { ReadContext } from '../context';

/**
 * Contact data at the counter (issue 10 item 9, issue 9 item 11). A cashier is shown
 * enough to pick the right person — the last 4 digits of the phone, the first letter and
 * the domain of the email — and never the full values: they are masked here, in the
 * core, so they never cross IPC to a cashier's renderer. The full phone and email come
 * only from `members:revealContact`, which is audited. Managers and owners see the full
 * data (they can export it anyway). The birthday is withheld from cashiers entirely:
 * nothing at the counter needs it (`hasBirthday` says one is on file).
 */
export const MASK = '•';

/** Who sees contact data unmasked. */
export function seesFullContact(role: Role | undefined): boolean {
  return role === 'manager' || role === 'owner';
}

/** "•••• 4821": the last 4 digits, whatever the format or country. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, '');
  return `${MASK.repeat(4)} ${digits.slice(-4)}`;
}

/** "z•••@example.com": the first character of the local part and the domain. */
export function maskEmail(email: string | null): string | null {
  if (email === null) return null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return MASK.repeat(3);
  const first = Array.from(email.slice(0, at))[0];
  return `${first}${MASK.repeat(3)}${email.slice(at)}`;
}

export function maskMemberDto(m: MemberDto): MemberDto {
  return {
    ...m,
    phone: null,
    phoneDisplay: maskPhone(m.phone ?? m.phoneDisplay),
    email: maskEmail(m.email),
    birthday: null,
    contactMasked: true,
  };
}

export function maskSummary(m: MemberSummary): MemberSummary {
  return { ...m, phoneDisplay: maskPhone(m.phoneDisplay), email: maskEmail(m.email), contactMasked: true };
}

/** The member as this caller may see it. */
export function memberForViewer(ctx: Pick<ReadContext, 'actor'>, m: MemberDto): MemberDto {
  return seesFullContact(ctx.actor?.role) ? m : maskMemberDto(m);
}

export function summariesForViewer(ctx: Pick<ReadContext, 'actor'>, rows: MemberSummary[]): MemberSummary[] {
  return seesFullContact(ctx.actor?.role) ? rows : rows.map(maskSummary);
}
