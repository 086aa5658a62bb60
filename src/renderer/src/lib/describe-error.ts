import type { Namespace, TFunction } from 'i18next';
import {
  STORE_REFUSALS,
  type ChannelName,
  type Contract,
  type InputOf,
  type StoreRefusal,
} from '../../../shared/contract';
import type { AppErrorBody } from '../../../shared/errors';
import errorsEn from '../../locales/en/errors.json';
import { PIN_LENGTH_VALUES } from '../../../shared/member-pin';

/**
 * One sentence for a failed call, in the staff member's language, saying what to do next.
 * Every screen uses this (or `describeFieldErrors` to place it next to a field). Lookup,
 * first match wins, all in the `errors` namespace (`src/renderer/locales/<lang>/errors.json`):
 *
 * 1. a refusal: `<area>.<action>.<reason>` for the channel `<area>:<action>` and the core's
 *    `details.reason` — `<reason>_<field>` first when the refusal names a field
 *    (`members.register.duplicate_phone`);
 * 2. a refusal any channel can meet (the store refuses every call while the owner restores
 *    a backup: `restoreInProgress`): `common.<reason>`; the same operation id sent with
 *    another payload: `common.opIdReused`; no answer from the store (lib/errors.ts
 *    `NO_ANSWER`): `common.noAnswer`;
 * 3. VALIDATION issues from the contract's zod schema, by issue `code` (`validation.*`),
 *    the most specific variant first: `<code>_<rule>` for the contract's own checks
 *    (blank, multiLine, controlChars), `<code>_<format>` (email), `<code>_<origin>`
 *    (string, number, array); `minimum`/`maximum`/`format` interpolated;
 *    `validation.fields.<field>` for a field whose rule reads better whole, such as a PIN;
 * 4. `common.<CODE>`; for VALIDATION, CONFLICT and NOT_FOUND the core's own message follows
 *    (it names the field) until that refusal gets a reason and a text of its own.
 *
 * Whether a key exists is read from the English catalogue (every language falls back to
 * it), never by probing `t`. A text is only used when every `{{value}}` it names is known:
 * the refusal's details, plus the call's input when the caller passes it (the receipt
 * number of a duplicate receipt), so a missing value never shows as `{{receiptNo}}`.
 */

/** Any `t`, whatever namespace its `useTranslation` was given: the keys here are prefixed. */
export type Translate = TFunction<Namespace>;

/** What main sends for each zod issue in VALIDATION `details.issues` (code and limits when known). */
export interface ValidationIssue {
  path: string;
  message?: string;
  code?: string;
  minimum?: number | string;
  maximum?: number | string;
  format?: string;
  /** zod's `origin` (string, number, array — what was measured or parsed): picks the wording. */
  origin?: string;
  /** custom: which of the contract's own checks failed (blank, multiLine, controlChars). */
  rule?: string;
}

/** Messages for a form: by input name, and one for the form as a whole. */
export interface FieldErrors {
  fields: Record<string, string>;
  general: string;
}

export const NO_FIELD_ERRORS: FieldErrors = { fields: {}, general: '' };

type Values = Record<string, string | number | boolean>;
type LooseT = (key: string, options: { replace: Values }) => string;

/** Input values never offered to a text, even by accident. */
const SECRET_INPUT = /pin$|password|recoverykey|^code$/i;

/** Refusals about the whole form rather than one input (the identity check of a PIN reset). */
const FORM_LEVEL_FIELDS = new Set(['identity']);

export function describeError<C extends ChannelName>(
  t: Translate,
  channel: C,
  error: AppErrorBody,
  input?: Partial<InputOf<C>>,
): string {
  const values = valuesOf(error, input);
  return (
    refusalText(t, channel, error, values) ??
    storeWideText(t, error) ??
    operationClashText(t, error) ??
    noAnswerText(t, error) ??
    validationText(t, error) ??
    commonText(t, error)
  );
}

/**
 * The same lookup, placed: a refusal that names a field and each zod issue go next to
 * their input (by the first segment of the issue path); anything else is `general`.
 */
export function describeFieldErrors<C extends ChannelName>(
  t: Translate,
  channel: C,
  error: AppErrorBody,
  input?: Partial<InputOf<C>>,
): FieldErrors {
  const refusal = refusalText(t, channel, error, valuesOf(error, input));
  if (refusal !== null) {
    const field = stringDetail(error, 'field');
    return field && !FORM_LEVEL_FIELDS.has(field)
      ? { fields: { [field]: refusal }, general: '' }
      : { fields: {}, general: refusal };
  }
  const fields: Record<string, string> = {};
  for (const issue of issuesOf(error)) {
    const name = issue.path.split('.')[0];
    if (name && !fields[name]) fields[name] = issueText(t, issue);
  }
  if (Object.keys(fields).length > 0) return { fields, general: '' };
  return { fields: {}, general: describeError(t, channel, error, input) };
}

function refusalText(t: Translate, channel: ChannelName, error: AppErrorBody, values: Values): string | null {
  const reason = stringDetail(error, 'reason');
  if (!reason) return null;
  const key = `${channel.replace(':', '.')}.${reason}`;
  const field = stringDetail(error, 'field');
  return (field ? render(t, `${key}_${field}`, values) : null) ?? render(t, key, values);
}

/** Refusals that are not about the call but about the store (the contract's STORE_REFUSALS). */
const STORE_WIDE_REASONS = new Set<string>(STORE_REFUSALS);

function storeWideText(t: Translate, error: AppErrorBody): string | null {
  const reason = stringDetail(error, 'reason');
  return reason && STORE_WIDE_REASONS.has(reason) ? render(t, `common.${reason}`, {}) : null;
}

function operationClashText(t: Translate, error: AppErrorBody): string | null {
  return error.code === 'CONFLICT' && typeof error.details?.opId === 'string'
    ? render(t, 'common.opIdReused', {})
    : null;
}

function noAnswerText(t: Translate, error: AppErrorBody): string | null {
  return error.code === 'INTERNAL' && error.details?.reason === 'noAnswer' ? render(t, 'common.noAnswer', {}) : null;
}

function validationText(t: Translate, error: AppErrorBody): string | null {
  if (error.code !== 'VALIDATION') return null;
  const [first] = issuesOf(error);
  if (!first) return null;
  return render(t, 'validation.issue', { problem: issueText(t, first) });
}

function commonText(t: Translate, error: AppErrorBody): string {
  const lead = render(t, `common.${error.code}`, {}) ?? render(t, 'common.INTERNAL', {})!;
  const namesTheField = error.code === 'VALIDATION' || error.code === 'CONFLICT' || error.code === 'NOT_FOUND';
  return namesTheField && error.message ? `${lead} ${error.message}` : lead;
}

function issueText(t: Translate, issue: ValidationIssue): string {
  const field = issue.path.split('.')[0];
  // The PIN texts state the one length rule (shared/member-pin.ts), never a copy of it.
  const values: Values = { ...PIN_LENGTH_VALUES };
  for (const k of ['minimum', 'maximum', 'format'] as const) {
    const v = issue[k];
    if (typeof v === 'number' || typeof v === 'string') values[k] = v;
  }
  const keys: string[] = [];
  if (field) keys.push(`validation.fields.${field}`);
  if (issue.code) {
    // A string of at least 1 character is a required field (a number of at least 1 is not).
    const isEmptyString = issue.code === 'too_small' && Number(issue.minimum) === 1 && issue.origin === 'string';
    if (isEmptyString) keys.push('validation.required');
    // Most specific first: zod sends `origin: 'string'` with every format issue (email, regex).
    for (const variant of [issue.rule, issue.format, issue.origin]) {
      if (variant) keys.push(`validation.${issue.code}_${variant}`);
    }
    keys.push(`validation.${issue.code}`);
  }
  for (const key of keys) {
    const text = render(t, key, values);
    if (text !== null) return text;
  }
  return render(t, 'validation.invalid', {})!;
}

/** The text at `key` in the `errors` namespace, or null when it is absent or needs an unknown value. */
function render(t: Translate, key: string, values: Values): string | null {
  const english = englishAt(key);
  if (english === undefined) return null;
  if (placeholdersOf(english).some((name) => !(name in values))) return null;
  // `replace` keeps the values apart from t's own options (a detail named `count` or
  // `context` must not switch plural or context).
  return (t as unknown as LooseT)(`errors:${key}`, { replace: values });
}

function englishAt(key: string): string | undefined {
  let node: unknown = errorsEn;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) {
      return undefined;
    }
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** `{{name}}` and `{{name, format}}` → ['name']. */
function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]);
}

function valuesOf(error: AppErrorBody, input: object | undefined): Values {
  const values: Values = {};
  for (const [k, v] of Object.entries(input ?? {})) {
    if (!SECRET_INPUT.test(k) && isScalar(v)) values[k] = v;
  }
  for (const [k, v] of Object.entries(error.details ?? {})) if (isScalar(v)) values[k] = v;
  const retryAfterMs = error.details?.retryAfterMs;
  if (typeof retryAfterMs === 'number') values.seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return values;
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function stringDetail(error: AppErrorBody, name: string): string | null {
  const v = error.details?.[name];
  return typeof v === 'string' && v !== '' ? v : null;
}

function issuesOf(error: AppErrorBody): ValidationIssue[] {
  const issues = error.details?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is ValidationIssue => i !== null && typeof i === 'object' && typeof (i as ValidationIssue).path === 'string',
  );
}

// ---------------------------------------------------------------------------------------
// Compile-time check (tsc, typecheck:web and typecheck:node): every refusal a channel
// declares (`refusals` in its contract entry, a literal tuple) has a text in English and
// Simplified Chinese under `<area>.<action>.<reason>`, and every store-wide refusal
// (STORE_REFUSALS) one under `common.<reason>`. A missing text names its key in the error.
// test/renderer/refusal-texts.test.ts checks the same at run time for every language folder.
// ---------------------------------------------------------------------------------------

type ChannelKey<C extends string> = C extends `${infer Area}:${infer Action}` ? `${Area}.${Action}` : never;
type DeclaredRefusals<C extends ChannelName> = Contract[C] extends { refusals: infer R }
  ? R extends readonly (infer E)[]
    ? E
    : keyof R
  : never;
type Literal<R> = R extends string ? (string extends R ? never : R) : never;
type RefusalKey =
  { [C in ChannelName]: `${ChannelKey<C>}.${Literal<DeclaredRefusals<C>>}` }[ChannelName] | `common.${StoreRefusal}`;
type LeafPath<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : LeafPath<T[K], `${P}${K}.`>;
}[keyof T & string];
type MissingTexts<Catalogue> = Exclude<RefusalKey, LeafPath<Catalogue>>;
type AllPresent<Missing> = [Missing] extends [never] ? true : Missing;
type MustBeTrue<T extends true> = T;

export type RefusalTextsInEnglish = MustBeTrue<AllPresent<MissingTexts<typeof errorsEn>>>;
export type RefusalTextsInChinese = MustBeTrue<
  AllPresent<MissingTexts<typeof import('../../locales/zh-CN/errors.json')>>
>;
