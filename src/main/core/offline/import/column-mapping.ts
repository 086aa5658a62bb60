import { IMPORT_FIELDS, type ImportField } from '../../../../shared/contract/offline';
import { AppError } from '../../errors';

/**
 * Header names we recognise without help, in English and Chinese, compared after
 * lower-casing and removing spaces, dashes and underscores ("Phone Number" = phonenumber).
 */
const SYNONYMS: Record<ImportField, string[]> = {
  name: ['name', 'fullname', 'membername', 'customer', 'customername', '姓名', '名字', '会员姓名', '客户姓名'],
  phone: [
    'phone',
    'phonenumber',
    'mobile',
    'mobilephone',
    'cell',
    'tel',
    'telephone',
    'phonetel', // our own export's spreadsheet column (tel:+86…), when `phone` was removed
    '手机',
    '手机号',
    '手机号码',
    '电话',
    '电话号码',
  ],
  email: ['email', 'emailaddress', 'mail', '邮箱', '电子邮箱', '电子邮件'],
  birthday: ['birthday', 'birthdate', 'dateofbirth', 'dob', '生日', '出生日期'],
  marketingConsent: ['marketingconsent', 'consent', 'optin', 'marketing', '营销同意', '同意营销'],
};

const squash = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

/** field → header for every field whose header we recognise. */
export function autoMapColumns(headers: string[]): Partial<Record<ImportField, string>> {
  const out: Partial<Record<ImportField, string>> = {};
  for (const field of IMPORT_FIELDS) {
    const hit = headers.find((h) => SYNONYMS[field].includes(squash(h)));
    if (hit !== undefined) out[field] = hit;
  }
  return out;
}

/**
 * Checks a mapping against the file's headers. Whole-file problems (no name column,
 * no phone or email column, a mapped header not in the file) are VALIDATION errors:
 * no row can be read without them.
 */
export function resolveMapping(
  headers: string[],
  mapping: Partial<Record<ImportField, string>>,
): Partial<Record<ImportField, number>> {
  const index: Partial<Record<ImportField, number>> = {};
  for (const field of IMPORT_FIELDS) {
    const header = mapping[field];
    if (header === undefined) continue;
    const i = headers.indexOf(header);
    if (i < 0) {
      throw new AppError('VALIDATION', `The file has no column "${header.slice(0, 60)}"`, {
        reason: 'mappingUnknownColumn',
        field,
      });
    }
    index[field] = i;
  }
  const missing: string[] = [];
  if (index.name === undefined) missing.push('name');
  if (index.phone === undefined && index.email === undefined) missing.push('phone or email');
  if (missing.length > 0) {
    throw new AppError('VALIDATION', `The file is missing columns: ${missing.join(', ')}. Map them and try again.`, {
      reason: 'missingColumns',
      missing,
      headers: headers.slice(0, 50).map((h) => h.slice(0, 60)),
    });
  }
  return index;
}
