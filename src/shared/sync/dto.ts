import type { RuleSet } from '../contract/points';
import type { RewardKind } from '../contract/rewards';
import type { OpKind } from './ops';

/**
 * What head office sends back. Every entity that reaches terminals carries a `version`
 * that only grows: a terminal applies a pulled row when its version is newer than the
 * one it holds, so a change delivered twice, or after a fresh download that already had
 * it, changes nothing.
 */

export interface MemberWire {
  id: string;
  cardNumber: string;
  /** null once erased. */
  name: string | null;
  phone: string | null;
  email: string | null;
  birthday: string | null;
  marketingConsent: boolean;
  active: boolean;
  erased: boolean;
  /** Set when a manager merged this registration into another one (the survivor). */
  mergedInto: string | null;
  /** The store whose terminal registered the member. */
  homeStoreId: string | null;
  /**
   * The member's PIN as terminals check it (shared/sync/pins.ts): a chain hash, the
   * set-elsewhere mark, or null. Sent to terminals only (the admin's lookups leave it out);
   * absent from a head office older than chain PINs.
   */
  pinHash?: string | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface BalanceWire {
  memberId: string;
  /** The sum of the member's journal entries. */
  balance: number;
  /** Points reserved by unexpired holds. */
  held: number;
  version: number;
  updatedAt: number;
  /**
   * The member's chain-wide points that will expire, soonest first, one row per moment
   * (at most 12): in chain mode head office expires points, so this is what the counter
   * shows as "expiring soon". Absent from a head office older than migration 015.
   */
  expiring?: { points: number; expiresAt: number }[];
}

export interface RuleSetWire {
  id: string;
  /** null = every store of the chain. */
  storeId: string | null;
  version: number;
  effectiveFrom: number;
  rules: RuleSet;
  createdAt: number;
}

export interface RewardWire {
  id: string;
  storeId: string | null;
  name: string;
  description: string | null;
  kind: RewardKind;
  costPoints: number;
  discountMinor: number | null;
  activeFrom: number | null;
  activeUntil: number | null;
  active: boolean;
  version: number;
  updatedAt: number;
}

/** A voucher a goal issued, held by the member at every store (head office's migration 010). */
export interface VoucherWire {
  id: string;
  memberId: string;
  goalKey: string;
  target: number;
  name: string;
  kind: 'amountOff' | 'freeItem';
  valueMinor: number | null;
  sku: string | null;
  purchaseId: string;
  issueEntryId: string;
  availableFrom: number;
  expiresAt: number | null;
  issuedAt: number;
  /** Set once head office recorded its (first) use; the terminal then refuses it too. */
  usedAt: number | null;
  usedReceiptNo: string | null;
  withdrawnAt: number | null;
  version: number;
}

/**
 * A purchase some terminal of the chain recorded (head office's migration 013), with what
 * refunds took back from it: terminals count the member's chain spend for tiers from these
 * rows plus their own purchases (core/sync/chain-purchases.ts), by the same tier code.
 */
export interface PurchaseWire {
  purchaseId: string;
  memberId: string;
  /** The terminal that recorded it (null: recorded by head office itself). */
  terminalId: string | null;
  /** The terminal's clock when the purchase was recorded (the op's `at`). */
  at: number;
  paidMinor: number;
  refundedMinor: number;
  version: number;
}

/** Who referred a member (head office's member_referrals, migration 014): one referrer, never changed. */
export interface ReferralWire {
  memberId: string;
  referrerId: string;
  recordedAt: number;
}

/** The programme bonuses the chain has given a member (head office's bonus_claims, migration 014). */
export interface BonusClaimsWire {
  memberId: string;
  bonusKeys: string[];
}

/**
 * A member's stamp cards as head office sums them over every terminal (its migration 017):
 * each goal's chain balance. A terminal adds what it recorded that head office has not
 * counted yet (src/main/core/sync/chain-goals.ts).
 */
export interface GoalsWire {
  memberId: string;
  goals: { goalKey: string; balance: number }[];
  version: number;
}

export type Change =
  | { entity: 'member'; data: MemberWire }
  | { entity: 'balance'; data: BalanceWire }
  | { entity: 'rule'; data: RuleSetWire }
  | { entity: 'reward'; data: RewardWire }
  | { entity: 'voucher'; data: VoucherWire }
  | { entity: 'purchase'; data: PurchaseWire }
  | { entity: 'referral'; data: ReferralWire }
  | { entity: 'bonus'; data: BonusClaimsWire }
  | { entity: 'goal'; data: GoalsWire };
export type ChangeEntity = Change['entity'];

// ------------------------------------------------------------------ enrolment

export interface EnrolResult {
  terminalId: string;
  storeId: string;
  storeName: string;
  /**
   * The terminal's credential: send it as `Authorization: Bearer <credential>` on every
   * request. Shown once; head office keeps only its hash. Keep it outside the database
   * file where the platform allows (the OS keychain).
   */
  credential: string;
  /** The chain PIN key (shared/sync/pins.ts), kept beside the credential. */
  pinKey: string;
}

/** `keys:pin`: the chain PIN key, for a terminal enrolled before head office handed it out. */
export interface PinKeyResult {
  pinKey: string;
}

// ------------------------------------------------------------------ push

export type OpStatus = 'applied' | 'parked' | 'rejected' | 'conflict';

export interface OpOutcome {
  seq: number;
  opId: string;
  kind: OpKind;
  /**
   * applied: in the journal. parked: recorded, waiting for its member (a card or member
   * registered at a terminal that has not pushed yet) — the terminal can forget it.
   * rejected: recorded, never applied (`reason`) — the terminal must show it and undo its
   * local effect. conflict: this op id was used before for a different payload.
   */
  status: OpStatus;
  /** true when this is the recorded outcome of an earlier push of the same operation. */
  replay: boolean;
  reason: string | null;
  message: string | null;
  /** The member's balance at head office right after the operation (points ops). */
  balance: number | null;
}

export interface PushResult {
  outcomes: OpOutcome[];
  /** Every op of this terminal up to here is recorded: drop them from the outbox. */
  ackedThrough: number;
  /** A gap: resend everything from this sequence number (null when there is none). */
  resendFrom: number | null;
  serverTime: number;
}

// ------------------------------------------------------------------ pull

export type PullResult =
  | {
      kind: 'changes';
      changes: Change[];
      /** Pass back on the next pull. Opaque. */
      cursor: string;
      /** More changes are waiting: pull again at once. */
      hasMore: boolean;
      /**
       * The last of this terminal's own ops that the pulled balances include: the terminal
       * shows "head office balance + its own ops after this one".
       */
      pushedThrough: number;
      serverTime: number;
    }
  | {
      /** The cursor is older than the retention (or unreadable): download afresh with sync:bootstrap. */
      kind: 'resync';
      reason: 'expired' | 'invalid';
    };

export interface BootstrapPage {
  changes: Change[];
  /** Pass to the next sync:bootstrap call; null when the download is complete. */
  next: string | null;
  /** Once `next` is null: the cursor to pull from (taken before the first page). */
  cursor: string;
  pushedThrough: number;
  serverTime: number;
}

// ------------------------------------------------------------------ members, cards, redemption

export interface MemberWithBalance {
  member: MemberWire;
  balance: BalanceWire;
  /** Set when the card or id asked for was merged into `member`. */
  resolvedFrom: string | null;
}

export interface MemberLookupResult {
  /** A card or id finds one member; a phone can find several registrations (duplicates to merge). */
  matches: MemberWithBalance[];
}

export interface CardBlockDto {
  id: string;
  /** Two-digit GS1 restricted-circulation prefix of the chain's card numbers. */
  prefix: string;
  firstBody: number;
  size: number;
  /** The first and last card numbers of the block (EAN-13 with check digit). */
  first: string;
  last: string;
  issuedAt: number;
}

export interface MergeResult {
  mergeId: string;
  survivorId: string;
  mergedId: string;
  /** Points moved from the merged registration to the survivor (by two new entries). */
  movedPoints: number;
  balance: BalanceWire;
  replay: boolean;
}

/** A voucher claimed at head office for this terminal's use (`vouchers:claim`). */
export interface VoucherClaimResult {
  voucherId: string;
  usedAt: number;
  replay: boolean;
}

export interface RedemptionResult {
  redemptionId: string;
  memberId: string;
  points: number;
  holdId: string | null;
  balance: BalanceWire;
  replay: boolean;
}

export interface HoldResult {
  holdId: string;
  memberId: string;
  points: number;
  expiresAt: number;
  balance: BalanceWire;
  replay: boolean;
}

// ------------------------------------------------------------------ admin

export interface StoreDto {
  id: string;
  name: string;
  createdAt: number;
}

export interface EnrolmentCodeDto {
  /** Typed once at the terminal; single use. */
  code: string;
  storeId: string;
  expiresAt: number;
}

export interface TerminalDto {
  id: string;
  storeId: string;
  name: string;
  enrolledAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
  /** When head office last recorded a push / a pull from it (null: never, or before migration 009). */
  lastPushAt: number | null;
  lastPullAt: number | null;
  /** The terminal's last recorded op sequence number. */
  ackedThrough: number;
  /** As the terminal last reported with a push or pull: ops waiting in its outbox, and the oldest one's time. */
  outboxDepth: number | null;
  outboxOldestAt: number | null;
  /** The store's offline allowance per member, as the terminal last said with a pull (null: never said). */
  offlineAllowancePoints: number | null;
  parked: number;
  rejected: number;
  conflicts: number;
}

export interface JournalCheckResult {
  ok: boolean;
  members: number;
  entries: number;
  /** Members whose cached balance (or held points) differs from the journal (or holds). */
  mismatches: { memberId: string; cached: number; journal: number; cachedHeld: number; holds: number }[];
  /** Members whose open lots (migration 015) do not add up to max(0, balance). */
  lots: { memberId: string; balance: number; lots: number }[];
}

export interface AuditHeadDto {
  terminalId: string;
  seq: number;
  hash: string;
  broken: { seq: number; reason: string }[];
  /** Restores head office accepted: the chain went on from `fromSeq`; `fromSeq + 1 … rewoundThrough` was rewound. */
  forks: { fromSeq: number; rewoundThrough: number; at: number }[];
}
