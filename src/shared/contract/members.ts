import { z } from 'zod';
import { channel } from './define';
import { id, line, nonNegInt, opId, text } from './common';
import { CASHIER_UP, MANAGER_UP } from '../roles';
import { contactRevealApproval, pinResetApproval } from './approval-rules';
import { MEMBER_PIN_MAX_LENGTH, MEMBER_PIN_MIN_LENGTH, MEMBER_PIN_PATTERN } from '../member-pin';

/**
 * Channels of the members area: registration, the counter's one search box, the member
 * view (edit, deactivate), the member PIN, privacy (subject access export, erase) and
 * the managers' member list.
 *
 * Field-level problems come back as VALIDATION (or CONFLICT for duplicates) with
 * `details.field` and `details.reason` (one of MEMBER_ERROR_REASONS), which the renderer
 * turns into a message in the cashier's language next to that field.
 */

// ---------------------------------------------------------------------------------------
// Card numbers: EAN-13 so any retail scanner reads them. Shared so the renderer can tell
// a scanned card from a typed phone number before asking main.
// ---------------------------------------------------------------------------------------

/** EAN-13 check digit of the first 12 digits: weights 1,3,1,3... from the left. */
export function ean13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** 13 digits whose last one is the right EAN-13 check digit. */
export function isCardNumber(s: string): boolean {
  return /^\d{13}$/.test(s) && ean13CheckDigit(s.slice(0, 12)) === Number(s[12]);
}

export const cardNumber = z
  .string()
  .regex(/^\d{13}$/, 'must be 13 digits')
  .refine(isCardNumber, { message: 'check digit does not match' });

// ---------------------------------------------------------------------------------------
// DTOs
// ---------------------------------------------------------------------------------------

export interface MemberDto {
  id: string;
  cardNumber: string;
  /** null only once the member's personal data was erased. */
  name: string | null;
  /** E.164, e.g. +8613812345678. */
  phone: string | null;
  /** The same number formatted for people (national format in the default country). */
  phoneDisplay: string | null;
  email: string | null;
  /** YYYY-MM-DD; null for a cashier (contactMasked), who sees only `hasBirthday`. */
  birthday: string | null;
  /** A birthday is on file (also when `birthday` is withheld from a cashier). */
  hasBirthday: boolean;
  /**
   * The contact data is masked for the viewer's role (a cashier: members/contact-mask.ts):
   * `phone` and `birthday` are null, `phoneDisplay` is "•••• 4821" and `email`
   * "z•••@example.com". The full data comes only from `members:revealContact` (audited).
   */
  contactMasked: boolean;
  marketingConsent: boolean;
  active: boolean;
  erased: boolean;
  hasPin: boolean;
  /**
   * Chain mode: the PIN was set at another terminal with its own pepper (shared/sync/pins.ts,
   * the mark 'px1$'): it cannot be checked here until it is reset with the member's details.
   */
  pinSetElsewhere: boolean;
  /**
   * Chain mode: a card this terminal did not know, recorded while head office could not
   * be asked (members:recordProvisional). It has no name or contact, may earn but not
   * spend, and joins the real member when that member is pulled (sync/provisional-merge.ts).
   */
  provisional: boolean;
  createdAt: number;
  updatedAt: number;
}

/** One search hit or list row: what a cashier needs to pick the right person. */
export interface MemberSummary {
  id: string;
  cardNumber: string;
  name: string | null;
  phoneDisplay: string | null;
  email: string | null;
  /** Masked as in MemberDto (a cashier's search results). */
  contactMasked: boolean;
  active: boolean;
  createdAt: number;
}

/** What "Show contact" answers: the full contact data of one member (audited). */
export interface RevealedContactDto {
  memberId: string;
  phone: string | null;
  phoneDisplay: string | null;
  email: string | null;
}

/**
 * Why contact data is shown: a code from a fixed list (the audit record names it; free
 * text would keep whatever was typed in the append-only log for ever).
 */
export const CONTACT_REVEAL_REASONS = [
  'memberAsked', // the member wants to check what is on file
  'verifyIdentity', // compare with what the member says
  'contactMember', // call or write to the member (a reward to collect, a lost item)
  'correctRecord', // fix a typo in the number or address
] as const;
export type ContactRevealReason = (typeof CONTACT_REVEAL_REASONS)[number];

export type MemberMatchKind = 'card' | 'phone' | 'phoneLast4' | 'phonePrefix' | 'email' | 'name';

export interface MemberSearchResult {
  /** How the query was read; 'card' means an exact card number (open it directly). */
  kinds: MemberMatchKind[];
  results: MemberSummary[];
  /** Set when the query is an exact card number of a member (scanner: open at once). */
  exactCardMemberId: string | null;
}

export interface MemberListPage {
  rows: MemberSummary[];
  /** Opaque keyset cursor for the next page; null at the end. */
  nextCursor: string | null;
  /** Total matching the status filter; only computed for the first page. */
  total: number | null;
}

export interface MemberDataExport {
  format: 'perkdesk.member-export.v1';
  exportedAt: string;
  member: MemberDto;
  /** Other areas' data about this member (points ledger, redemptions), by area. */
  sections: Record<string, unknown>;
  /** Audit records about this member: what was done, when, by whom (no other members). */
  auditTrail: { at: string; action: string; actor: string | null; details: unknown }[];
}

/**
 * Why a member's personal data was erased: a code, never free text — the reason goes into
 * the append-only audit log, which cannot forget a name someone typed into a note.
 */
export const ERASE_REASONS = [
  'memberRequest',
  'consentWithdrawn',
  'duplicateRecord',
  'noLongerNeeded',
  'legalRequirement',
] as const;
export type EraseReason = (typeof ERASE_REASONS)[number];

/** Machine-readable reasons the renderer maps to messages (en + zh-CN). */
export const MEMBER_ERROR_REASONS = [
  'nameRequired',
  'contactRequired',
  'phoneInvalid',
  'emailInvalid',
  'birthdayInvalid',
  'duplicate',
  'pinFormat',
  'pinWrong',
  'pinBackoff',
  'pinNotSet',
  'pinElsewhere',
  'pinAlreadySet',
  'pinRequired',
  'identityMismatch',
  'memberInactive',
  'memberErased',
  'cardNotFound',
] as const;
export type MemberErrorReason = (typeof MEMBER_ERROR_REASONS)[number];

// ---------------------------------------------------------------------------------------
// Input building blocks
// ---------------------------------------------------------------------------------------

const name = line(80);
/** Raw phone as typed: the core normalises it to E.164 with the default country. */
const phoneInput = text(40);
const emailInput = text(254);
const birthday = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
/** Member PIN: the one length rule of shared/member-pin.ts. */
export const memberPin = z
  .string()
  .regex(MEMBER_PIN_PATTERN, `must be ${MEMBER_PIN_MIN_LENGTH} to ${MEMBER_PIN_MAX_LENGTH} digits`);
const memberRef = z.strictObject({ memberId: id });

/** How checking a member's PIN can fail, in the order checked (spending points fails the same way). */
export const PIN_CHECK_REFUSALS = [
  'pinNotSet', // the member has no PIN to check
  'pinElsewhere', // set at a terminal before it joined the chain: only that terminal can check it (reset it here)
  'pinBackoff', // too many wrong PINs: details.retryAfterMs
  'pinWrong', // counted towards the back-off: details.attemptsLeft
] as const;

export const MEMBER_LIST_SORTS = ['name', 'createdAt', 'cardNumber'] as const;
export type MemberListSort = (typeof MEMBER_LIST_SORTS)[number];

/** What a member's contact fields can be refused for, in the order they are checked. */
const CONTACT_REFUSALS = [
  'nameRequired', // blank after trimming
  'phoneInvalid', // not a possible number in the store's country
  'emailInvalid',
  'birthdayInvalid', // not a real, past date after 1900
  'contactRequired', // neither phone nor email left
  'duplicate', // another member has this phone or email: details.field
] as const;

const LIVE_MEMBER = [
  'memberNotFound', // no member with this id
  'memberErased', // personal data erased: nothing to change any more
] as const;

/** After LIVE_MEMBER: a provisional member (members/provisional.ts) only earns until it is matched. */
const NOT_PROVISIONAL = [
  'provisionalMember', // a card recorded provisionally while head office could not be asked: nothing but earning
] as const;

const self = (i: { memberId: string }) => i.memberId;

/**
 * Member lookups (search box, card lookup) share one bucket per session: a counter
 * typing phone numbers back to back makes ~1–2 searches a second with bursts of ~11
 * (one per digit, use-member-search.ts), which this never throttles; harvesting every
 * member through last-4 queries (10,000 of them) takes well over an hour, each burst audited.
 */
export const MEMBER_LOOKUP_LIMIT = {
  bucket: 'memberLookup',
  burst: 40,
  perSecond: 2,
  audit: 'members.lookupsThrottled',
} as const;
const MEMBER_VIEWS = ['members:get', 'members:search', 'members:list'] as const;

export const membersContract = {
  'members:register': channel<MemberDto>()({
    input: z.strictObject({
      name,
      phone: phoneInput.optional(),
      email: emailInput.optional(),
      birthday: birthday.optional(),
      marketingConsent: z.boolean().optional(),
      /** Idempotency key: a retry with the same id returns the first registration. */
      opId: opId.optional(),
      /** The card number of the member who referred this one (issue 11 item 6). */
      referrerCard: line(40).optional(),
    }),
    access: CASHIER_UP,
    effect: 'write',
    idempotent: true,
    // The operation log keeps the member id, never the record: a retry re-reads the
    // member, so after an erasure it gets the erased (empty) record (members/privacy.ts
    // also replaces the registration's payload hash then).
    storedResult: { keep: (o) => ({ memberId: o.id }), reread: 'members:get' },
    refusals: [...CONTACT_REFUSALS, 'referrerNotFound'],
    audit: {
      action: 'members.registered',
      target: (_i, o) => o.id,
      // Which fields were given, never their values: the audit log can never be erased.
      details: (i, o) => ({ cardNumber: o.cardNumber, fields: registeredFields(i, o) }),
    },
    invalidates: MEMBER_VIEWS,
  }),
  'members:get': channel<MemberDto>()({
    input: memberRef,
    access: CASHIER_UP,
    effect: 'read',
    refusals: [
      'memberNotFound', // no member with this id
    ],
  }),
  /** Omitted fields stay; `null` removes phone/email/birthday ('' also removes phone/email). */
  'members:update': channel<MemberDto, { fields: string[] }>()({
    input: z.strictObject({
      memberId: id,
      name: name.optional(),
      phone: phoneInput.nullable().optional(),
      email: emailInput.nullable().optional(),
      birthday: birthday.nullable().optional(),
      marketingConsent: z.boolean().optional(),
    }),
    access: CASHIER_UP,
    effect: 'write',
    refusals: [...LIVE_MEMBER, ...NOT_PROVISIONAL, ...CONTACT_REFUSALS],
    audit: {
      action: 'members.updated',
      target: self,
      details: (_i, _o, { notes }) => ({ fields: notes.fields }),
      when: (_i, _o, { notes }) => notes.fields.length > 0,
    },
    invalidates: MEMBER_VIEWS,
  }),
  'members:deactivate': channel<MemberDto, { changed: boolean }>()({
    input: memberRef,
    access: CASHIER_UP,
    effect: 'write',
    refusals: [...LIVE_MEMBER, ...NOT_PROVISIONAL],
    audit: { action: 'members.deactivated', target: self, when: (_i, _o, { notes }) => notes.changed },
    invalidates: MEMBER_VIEWS,
  }),
  'members:reactivate': channel<MemberDto, { changed: boolean }>()({
    input: memberRef,
    access: CASHIER_UP,
    effect: 'write',
    refusals: [...LIVE_MEMBER, ...NOT_PROVISIONAL],
    audit: { action: 'members.reactivated', target: self, when: (_i, _o, { notes }) => notes.changed },
    invalidates: MEMBER_VIEWS,
  }),
  /** The counter's one search box: card, phone, last 4 digits, name part, email. */
  'members:search': channel<MemberSearchResult>()({
    input: z.strictObject({
      query: line(100),
      limit: z.number().int().min(1).max(50).optional(),
    }),
    access: CASHIER_UP,
    effect: 'read',
    rateLimit: MEMBER_LOOKUP_LIMIT,
    refusals: [
      'lookupsThrottled', // the session searched too fast: details.retryAfterMs
    ],
  }),
  /** A scanned card: the member or NOT_FOUND. */
  'members:lookupCard': channel<MemberDto>()({
    input: z.strictObject({ cardNumber }),
    access: CASHIER_UP,
    effect: 'read',
    rateLimit: MEMBER_LOOKUP_LIMIT,
    refusals: [
      'lookupsThrottled', // the session looked up too fast: details.retryAfterMs
      'cardNotFound', // no (unerased) member has this card: details.field = cardNumber
    ],
  }),
  /**
   * Chain mode, a scanned card neither this store nor head office could answer for (the
   * counter asked sync:lookup and head office was unreachable): record it as a
   * provisional member so the purchase can earn now. Its points go to head office keyed
   * by the card and join the real member's account there; here the provisional member
   * is merged into the real one when that member is pulled. A retry with the same op id,
   * or the same card again, gives the same provisional member.
   */
  'members:recordProvisional': channel<MemberDto>()({
    input: z.strictObject({ cardNumber, opId }),
    access: CASHIER_UP,
    effect: 'write',
    idempotent: true,
    refusals: [
      'provisionalNotInChain', // standalone (or revoked) terminal: an unknown card is simply not found
      'cardKnownHere', // a member of this store holds the card: open that member
    ],
    audit: {
      action: 'members.provisionalRecorded',
      target: (_i, o) => o.id,
      details: (_i, o) => ({ cardNumber: o.cardNumber }),
    },
    invalidates: MEMBER_VIEWS,
  }),
  /**
   * "Show contact": one member's full phone and email for a cashier (managers and owners
   * see them anyway). Audited with the reason; a cashier gets at most
   * CONTACT_REVEALS_PER_HOUR, and needs a manager each time when `approvalContactReveal`.
   */
  'members:revealContact': channel<RevealedContactDto>()({
    input: z.strictObject({ memberId: id, reason: z.enum(CONTACT_REVEAL_REASONS) }),
    access: CASHIER_UP,
    effect: 'write',
    refusals: [
      ...LIVE_MEMBER,
      'revealLimit', // this cashier's reveals in the last hour: details.retryAfterMs, limit
      'approvalRequired', // the store wants a manager for each reveal (approvalContactReveal)
    ],
    approval: { needed: (_i, _o, call) => contactRevealApproval(call) },
    audit: {
      action: 'members.contactRevealed',
      target: self,
      details: (i, o) => ({
        reason: i.reason,
        fields: [o.phone !== null ? 'phone' : null, o.email !== null ? 'email' : null].filter((f) => f !== null),
      }),
    },
  }),
  /** First PIN only; an existing PIN is changed with the old one, or reset. */
  'members:setPin': channel<MemberDto>()({
    input: z.strictObject({ memberId: id, pin: memberPin }),
    access: CASHIER_UP,
    effect: 'write',
    refusals: [
      ...LIVE_MEMBER,
      ...NOT_PROVISIONAL,
      'pinAlreadySet', // change it with the old PIN, or reset it
    ],
    audit: { action: 'members.pinSet', target: self },
    invalidates: ['members:get'],
  }),
  'members:changePin': channel<MemberDto>()({
    input: z.strictObject({ memberId: id, oldPin: memberPin, newPin: memberPin }),
    access: CASHIER_UP,
    effect: 'write',
    refusals: [...LIVE_MEMBER, ...NOT_PROVISIONAL, ...PIN_CHECK_REFUSALS],
    audit: { action: 'members.pinChanged', target: self },
    invalidates: ['members:get'],
  }),
  /** Forgotten PIN: name, phone and email must all match what is on file. */
  'members:resetPin': channel<MemberDto>()({
    input: z.strictObject({
      memberId: id,
      name,
      phone: phoneInput.optional(),
      email: emailInput.optional(),
      newPin: memberPin,
    }),
    access: CASHIER_UP,
    effect: 'write',
    refusals: [
      ...LIVE_MEMBER,
      ...NOT_PROVISIONAL,
      'pinBackoff', // too many wrong identity claims: details.retryAfterMs
      'identityMismatch', // counted towards the back-off
      'approvalRequired', // a cashier's reset, after the identity check: details.requestId
    ],
    // After the identity check (the handler's failures are counted and kept), a manager.
    approval: { needed: () => pinResetApproval() },
    audit: { action: 'members.pinReset', target: self, details: () => ({ via: 'identityCheck' }) },
    invalidates: ['members:get'],
  }),
  /** Checks a member's PIN (attempt limits with back-off); used before a redemption. */
  'members:verifyPin': channel<{ verified: true }>()({
    input: z.strictObject({ memberId: id, pin: memberPin }),
    access: CASHIER_UP,
    effect: 'write',
    refusals: [...LIVE_MEMBER, ...PIN_CHECK_REFUSALS],
    audit: { action: 'members.pinVerified', target: self },
  }),
  /** Subject access: everything held about one member, as JSON. A write: it is audited. */
  'members:exportData': channel<MemberDataExport>()({
    input: memberRef,
    access: MANAGER_UP,
    effect: 'write',
    refusals: [
      'memberNotFound', // no member with this id
    ],
    audit: { action: 'members.exported', target: self },
  }),
  /** Erase personal data on request; the ledger stays under the pseudonymous id. */
  'members:erase': channel<MemberDto>()({
    input: z.strictObject({ memberId: id, reason: z.enum(ERASE_REASONS) }),
    access: MANAGER_UP,
    effect: 'write',
    refusals: LIVE_MEMBER,
    // The reason is a code (ERASE_REASONS), never free text: the audit log cannot forget.
    audit: { action: 'members.erased', target: self, details: (i) => ({ reason: i.reason }) },
    invalidates: MEMBER_VIEWS,
  }),
  /** Managers' list: keyset-paged, sorted, filtered by status and (optionally) text. */
  'members:list': channel<MemberListPage>()({
    input: z.strictObject({
      sort: z.enum(MEMBER_LIST_SORTS).optional(),
      direction: z.enum(['asc', 'desc']).optional(),
      status: z.enum(['all', 'active', 'inactive']).optional(),
      /** Text filter (same reading as the search box); returns one page, no cursor. */
      text: line(100).optional(),
      cursor: z.string().max(400).optional(),
      limit: nonNegInt.min(1).max(500).optional(),
    }),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [
      'cursorInvalid', // a tampered or stale page cursor
    ],
  }),
};

/** The contact fields a registration filled, in a fixed order (the audit record names them). */
function registeredFields(
  input: { marketingConsent?: boolean },
  member: Pick<MemberDto, 'phoneDisplay' | 'email' | 'hasBirthday'>,
): string[] {
  // From what any role is shown (a cashier's copy is masked, never empty where data is).
  const fields = ['name'];
  if (member.phoneDisplay !== null) fields.push('phone');
  if (member.email !== null) fields.push('email');
  if (member.hasBirthday) fields.push('birthday');
  if (input.marketingConsent !== undefined) fields.push('marketingConsent');
  return fields;
}
