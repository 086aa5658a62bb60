import type { ErrorCode } from '../errors';

/**
 * Every reason a channel can refuse with, once, for the whole store: its error code and
 * the English message main sends (tests and logs read it; the renderer translates by
 * channel and reason, `errors:<channel>.<reason>`, and uses this only as a fallback).
 *
 * A channel lists the reasons it can return in its `refusals` (precedence order); a
 * handler can only refuse with one of those (`ctx.refuse` is typed per channel), and the
 * dispatcher reports any other as a bug. The wire shape is
 * `{ ok:false, error:{ code, message, details:{ reason, ...details } } }`.
 */
export const REFUSALS = {
  // ---- the store itself (STORE_REFUSALS: any channel, from the pipeline before its handler)
  restoreInProgress: {
    code: 'CONFLICT',
    message: 'A backup is being restored: try again in a moment. Nothing was recorded.',
  },

  // ---- members
  memberNotFound: { code: 'NOT_FOUND', message: 'Member not found' },
  memberErased: { code: 'CONFLICT', message: 'This member’s personal data was erased' },
  memberInactive: { code: 'CONFLICT', message: 'This member is deactivated' },
  cardNotFound: { code: 'NOT_FOUND', message: 'Card not found' },
  // Chain mode: a card recorded while head office could not be asked (members/provisional.ts)
  provisionalMember: {
    code: 'CONFLICT',
    message:
      'This card was recorded provisionally while head office could not be reached: it can earn points, nothing else until it is matched with its member',
  },
  provisionalNotInChain: {
    code: 'CONFLICT',
    message: 'Only a terminal enrolled with head office can record an unknown card provisionally',
  },
  cardKnownHere: { code: 'CONFLICT', message: 'A member of this store already has this card' },
  referrerNotFound: { code: 'VALIDATION', message: 'No other member has the referrer’s card' },
  nameRequired: { code: 'VALIDATION', message: 'Enter the member’s name' },
  contactRequired: { code: 'VALIDATION', message: 'Enter a phone number or an email address' },
  phoneInvalid: { code: 'VALIDATION', message: 'This phone number is not valid' },
  emailInvalid: { code: 'VALIDATION', message: 'This email address is not valid' },
  birthdayInvalid: { code: 'VALIDATION', message: 'Enter the birthday as YYYY-MM-DD (a real, past date)' },
  duplicate: { code: 'CONFLICT', message: 'Another member already has this phone number or email address' },
  pinNotSet: { code: 'VALIDATION', message: 'This member has no PIN' },
  pinAlreadySet: { code: 'CONFLICT', message: 'This member already has a PIN: change it (old PIN) or reset it' },
  pinRequired: { code: 'VALIDATION', message: 'Ask the member for their PIN' },
  // A PIN set at another terminal before it joined the chain (shared/sync/pins.ts): only a reset makes it checkable here.
  pinElsewhere: {
    code: 'VALIDATION',
    message:
      'This member’s PIN was set at another store and cannot be checked here: reset it with the member’s details',
  },
  pinWrong: { code: 'VALIDATION', message: 'The PIN is wrong' },
  pinBackoff: { code: 'VALIDATION', message: 'Too many wrong attempts. Try again later' },
  identityMismatch: { code: 'VALIDATION', message: 'Name, phone and email do not all match what is on file' },
  cursorInvalid: { code: 'VALIDATION', message: 'The list position is not valid; start again from the top' },
  // A session's member lookups past its rate (core/rate-limit-step.ts): details.retryAfterMs
  lookupsThrottled: {
    code: 'CONFLICT',
    message: 'Too many member searches in a short time; wait a moment and search again',
  },
  // A cashier's "Show contact" past the hourly limit (members/reveal-contact.ts): details.retryAfterMs
  revealLimit: { code: 'CONFLICT', message: 'Contact data was shown too often this hour; ask a manager' },

  // ---- points
  duplicateReceipt: { code: 'CONFLICT', message: 'This receipt number was already recorded' },
  purchaseTooLarge: { code: 'VALIDATION', message: 'The purchase total is too large' },
  purchaseNotPositive: { code: 'VALIDATION', message: 'The purchase total must be more than zero' },
  payWithPointsOff: { code: 'VALIDATION', message: 'Paying with points is switched off' },
  insufficientPoints: { code: 'CONFLICT', message: 'The member does not have that many points' },
  overPayCap: { code: 'VALIDATION', message: 'Too many points for this bill' },
  noDiscount: { code: 'VALIDATION', message: 'Too few points to give any discount' },
  awardTooLarge: {
    code: 'VALIDATION',
    message: 'This purchase would earn an implausible number of points; check the rules',
  },
  receiptNotFound: { code: 'NOT_FOUND', message: 'Receipt not found' },
  lineNotFound: { code: 'NOT_FOUND', message: 'Receipt line not found' },
  overReturn: { code: 'CONFLICT', message: 'More of this line than can still be returned' },
  alreadyReturned: { code: 'CONFLICT', message: 'Everything on this receipt was already returned' },
  belowZero: { code: 'CONFLICT', message: 'An adjustment cannot take the balance below zero' },
  nothingToClear: { code: 'CONFLICT', message: 'This member has no points to clear' },
  effectiveInPast: { code: 'VALIDATION', message: 'A rule change cannot take effect in the past' },
  endsBeforeEffective: { code: 'VALIDATION', message: 'The programme must end after it takes effect' },
  rulesFromHeadOffice: {
    code: 'CONFLICT',
    message: 'The rules come from head office: change them there. Nothing was saved.',
  },
  belowMinBalance: { code: 'CONFLICT', message: 'The balance is below the minimum needed to spend points' },
  // Chain mode: points earned here may be spent at another store, so only head office expires them
  expiryAtHeadOffice: {
    code: 'CONFLICT',
    message: 'Points expire at head office for the whole chain: nothing was expired here.',
  },

  // ---- goals and promo codes (issue 11 items 4 and 7)
  promoCodeMistyped: { code: 'VALIDATION', message: 'This promo code is mistyped: check it and enter it again' },
  promoCodeUnknown: { code: 'NOT_FOUND', message: 'No such promo code' },
  promoCodeUsed: { code: 'CONFLICT', message: 'This promo code was already used' },
  promoCodeInactive: { code: 'CONFLICT', message: 'No promotion for this promo code is running now' },
  codeTaken: { code: 'CONFLICT', message: 'A promo code with this text already exists' },
  batchNotFound: { code: 'NOT_FOUND', message: 'Promo code batch not found' },
  voucherNotFound: { code: 'NOT_FOUND', message: 'Voucher not found' },
  voucherPending: { code: 'CONFLICT', message: 'This voucher is still pending' },
  voucherUsed: { code: 'CONFLICT', message: 'This voucher was already used' },
  voucherUsedInChain: { code: 'CONFLICT', message: 'This voucher was already used at another store' },
  voucherWithdrawn: { code: 'CONFLICT', message: 'This voucher was withdrawn by a refund' },
  voucherExpired: { code: 'CONFLICT', message: 'This voucher has expired' },
  voucherNotForBill: { code: 'VALIDATION', message: 'This voucher does not take anything off a bill' },

  // ---- rewards
  rewardNotFound: { code: 'NOT_FOUND', message: 'Reward not found' },
  redemptionNotFound: { code: 'NOT_FOUND', message: 'Redemption not found' },
  outOfStock: { code: 'CONFLICT', message: 'This reward is out of stock' },
  notAvailable: { code: 'CONFLICT', message: 'This reward is not available now' },
  alreadyVoided: { code: 'CONFLICT', message: 'This redemption was already voided' },
  // Bill rewards (issue 11 item 2): redeemed on a purchase, reversed by refunding it.
  billRewardOnPurchase: {
    code: 'CONFLICT',
    message: 'This reward changes a bill: redeem it while recording the purchase',
  },
  notBillReward: { code: 'CONFLICT', message: 'This reward is redeemed on its own, not on a bill' },
  productNotOnBill: {
    code: 'CONFLICT',
    message: 'The free product is not on the bill (or fewer units than the reward gives)',
  },
  linkedToReceipt: { code: 'CONFLICT', message: 'This redemption belongs to a receipt: refund the receipt instead' },

  // ---- manager approval (core/approval-step.ts, staff:approve)
  approvalRequired: { code: 'FORBIDDEN', message: 'This needs a manager’s approval' },
  approvalNotFound: {
    code: 'NOT_FOUND',
    message: 'This approval request has expired or was already used; start the action again',
  },
  approverNotAllowed: { code: 'FORBIDDEN', message: 'Only another manager or the owner can approve this' },

  // ---- staff and sign-in
  alreadySetUp: { code: 'CONFLICT', message: 'PerkDesk is already set up' },
  weakPassword: { code: 'VALIDATION', message: 'Choose a stronger password' },
  wrongCredentials: { code: 'UNAUTHENTICATED', message: 'Wrong user name or password' },
  tooManyAttempts: { code: 'LOCKED', message: 'Too many failed attempts. Try again later' },
  signedOut: { code: 'UNAUTHENTICATED', message: 'Signed out' },
  wrongPassword: { code: 'UNAUTHENTICATED', message: 'Wrong password' },
  currentPasswordWrong: { code: 'VALIDATION', message: 'Current password is wrong' },
  resetCodeInvalid: { code: 'UNAUTHENTICATED', message: 'The code is wrong or has expired' },
  recoveryKeyInvalid: { code: 'UNAUTHENTICATED', message: 'User name or recovery key is wrong' },
  staffNotFound: { code: 'NOT_FOUND', message: 'Staff member not found' },
  usernameTaken: { code: 'CONFLICT', message: 'That user name is taken' },
  usernameLookalike: { code: 'CONFLICT', message: 'That user name looks like one already in use' },
  ownAccount: { code: 'FORBIDDEN', message: 'You cannot do this to your own account' },
  ownerAccount: { code: 'FORBIDDEN', message: 'The owner account cannot be managed here' },
  ownerOnly: { code: 'FORBIDDEN', message: 'Only the owner manages managers' },

  // ---- offline: folders, jobs, backups, import
  exportFolderNotSet: { code: 'VALIDATION', message: 'Choose an export folder first' },
  folderMissing: { code: 'CONFLICT', message: 'The folder does not exist (is the drive plugged in?)' },
  notAFolder: { code: 'CONFLICT', message: 'This is not a folder' },
  folderReadOnly: { code: 'CONFLICT', message: 'PerkDesk may not write to this folder' },
  diskFull: { code: 'CONFLICT', message: 'The disk is full' },
  fileSystemError: { code: 'CONFLICT', message: 'The file system refused' },
  jobRunning: { code: 'CONFLICT', message: 'Another job is running; try again when it has finished' },
  cancelled: { code: 'CONFLICT', message: 'The job was cancelled' },
  backupNotFound: { code: 'NOT_FOUND', message: 'Backup not found' },
  backupUnverified: { code: 'CONFLICT', message: 'This backup was never verified; PerkDesk will not restore it' },
  backupDamaged: { code: 'CONFLICT', message: 'This backup is damaged and cannot be restored' },
  backupTooNew: {
    code: 'CONFLICT',
    message: 'This backup was made by a newer PerkDesk; install that version to restore it',
  },
  backupOtherTerminal: {
    code: 'CONFLICT',
    message: 'This backup belongs to another terminal and cannot be restored here',
  },
  // the restore's checks of a backup against the backup register and this terminal's key
  backupNotRegistered: {
    code: 'CONFLICT',
    message:
      'PerkDesk has no record of making this backup (it was added, renamed or made before backups were recorded); it will not restore it',
  },
  backupChanged: {
    code: 'CONFLICT',
    message: 'This backup was changed after it was made; PerkDesk will not restore it',
  },
  schemaMismatch: {
    code: 'CONFLICT',
    message: 'This backup’s schema is not the one PerkDesk made at its version; PerkDesk will not restore it',
  },
  auditChainBroken: {
    code: 'CONFLICT',
    message: 'This backup’s audit log does not verify; PerkDesk will not restore it',
  },
  ledgerMismatch: {
    code: 'CONFLICT',
    message: 'In this backup some balances do not equal their ledger sums; PerkDesk will not restore it',
  },
  notBase64: { code: 'VALIDATION', message: 'fileBase64: must be base64' },
  csvUnreadable: { code: 'VALIDATION', message: 'This is not a readable CSV file' },
  empty: { code: 'VALIDATION', message: 'The file is empty' },
  tooManyRows: { code: 'VALIDATION', message: 'Too many members in one file; split the file' },
  mappingUnknownColumn: { code: 'VALIDATION', message: 'The file has no such column' },
  missingColumns: { code: 'VALIDATION', message: 'The file is missing columns. Map them and try again.' },

  // ---- head office sync (chain mode)
  syncNotEnrolled: { code: 'CONFLICT', message: 'This terminal is not enrolled with a head office' },
  syncAlreadyEnrolled: { code: 'CONFLICT', message: 'This terminal is already enrolled with a head office' },
  syncUnreachable: { code: 'CONFLICT', message: 'Head office could not be reached; nothing was changed' },
  syncEnrolRefused: { code: 'FORBIDDEN', message: 'Head office refused the enrolment code' },
  needsConnection: {
    code: 'CONFLICT',
    message: 'Head office cannot be reached and this is more than the member may spend offline',
  },
} as const satisfies Record<string, { code: Exclude<ErrorCode, 'INTERNAL'>; message: string }>;

export type Refusal = keyof typeof REFUSALS;

/**
 * Refusals any channel can meet, from the dispatcher's pipeline before the handler runs,
 * so no channel lists them: while the owner restores a backup every call but the
 * `whileRestoring` ones is refused (core/write-gate.ts). The renderer's text is
 * `errors:common.<reason>`.
 */
export const STORE_REFUSALS = ['restoreInProgress'] as const satisfies readonly Refusal[];
export type StoreRefusal = (typeof STORE_REFUSALS)[number];

export function isRefusal(name: unknown): name is Refusal {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(REFUSALS, name);
}
