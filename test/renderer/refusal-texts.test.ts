import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract, type ChannelName } from '../../src/shared/contract';
import { languageFolders, readCatalogue, textAt } from '../helpers/locales';

/**
 * Every refusal a channel can return has a text in every language, under
 * `errors:<area>.<action>.<reason>` (what describeError looks up).
 *
 * The refusals come from the contract (`refusals` on each channel definition) where it
 * declares them. Until then TODAY_REFUSALS lists the `details.reason` values the core
 * returns per channel, and a scan of src/main/core keeps that list complete.
 * TODO(integrator): once every channel declares `refusals`, delete TODAY_REFUSALS and the
 * scan below.
 */
const TODAY_REFUSALS: Partial<Record<ChannelName, readonly string[]>> = {
  'members:register': [
    'nameRequired',
    'contactRequired',
    'phoneInvalid',
    'emailInvalid',
    'birthdayInvalid',
    'duplicate',
  ],
  'members:update': [
    'memberErased',
    'nameRequired',
    'contactRequired',
    'phoneInvalid',
    'emailInvalid',
    'birthdayInvalid',
    'duplicate',
  ],
  'members:deactivate': ['memberErased'],
  'members:reactivate': ['memberErased'],
  'members:lookupCard': ['cardNotFound'],
  'members:setPin': ['memberErased', 'pinAlreadySet'],
  'members:changePin': ['memberErased', 'pinNotSet', 'pinBackoff', 'pinWrong'],
  'members:resetPin': ['memberErased', 'pinBackoff', 'identityMismatch'],
  'members:verifyPin': ['memberErased', 'pinNotSet', 'pinBackoff', 'pinWrong'],
  'members:erase': ['memberErased'],
  'points:award': [
    'memberErased',
    'memberInactive',
    'duplicateReceipt',
    'payWithPointsOff',
    'pinNotSet',
    'pinRequired',
    'pinBackoff',
    'pinWrong',
    'insufficientPoints',
    'overPayCap',
    'noDiscount',
    'awardTooLarge',
  ],
  'points:refund': ['overReturn', 'alreadyReturned'],
  'points:adjust': ['belowZero'],
  'points:clearMember': ['nothingToClear'],
  'rewards:redeem': [
    'memberErased',
    'memberInactive',
    'outOfStock',
    'notAvailable',
    'pinNotSet',
    'pinRequired',
    'pinBackoff',
    'pinWrong',
    'insufficientPoints',
  ],
  'rewards:void': ['alreadyVoided'],
  'offline:import': ['csvUnreadable', 'empty', 'tooManyRows', 'mappingUnknownColumn', 'missingColumns'],
  'offline:importDryRun': ['csvUnreadable', 'empty', 'tooManyRows', 'mappingUnknownColumn', 'missingColumns'],
};

function declaredRefusals(channel: ChannelName): readonly string[] | null {
  const refusals = (contract[channel] as { refusals?: unknown }).refusals;
  if (Array.isArray(refusals)) return refusals.map(String);
  if (refusals && typeof refusals === 'object') return Object.keys(refusals);
  return null;
}

function refusalsOf(channel: ChannelName): readonly string[] {
  return declaredRefusals(channel) ?? TODAY_REFUSALS[channel] ?? [];
}

describe('refusal texts', () => {
  const pairs = CHANNEL_NAMES.flatMap((channel) => refusalsOf(channel).map((reason) => ({ channel, reason })));

  it('finds the refusals (from the contract, or today’s list)', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(60);
  });

  for (const lng of languageFolders()) {
    it(`every refusal has a text in ${lng}`, () => {
      const errors = readCatalogue(lng, 'errors');
      const missing = pairs
        .map(({ channel, reason }) => `${channel.replace(':', '.')}.${reason}`)
        .filter((key) => !textAt(errors, key));
      expect(missing).toEqual([]);
    });
  }

  it('every text under errors:<area>.<action> is for a channel that exists', () => {
    const errors = readCatalogue('en', 'errors');
    const known = new Set(CHANNEL_NAMES.map((c) => c.replace(':', '.')));
    for (const [area, actions] of Object.entries(errors)) {
      if (area === 'common' || area === 'validation') continue;
      for (const action of Object.keys(actions)) expect(known, `${area}.${action}`).toContain(`${area}.${action}`);
    }
  });
});

/** Reasons the core writes that are not refusals of a call: audit details and import-report rows. */
const NOT_REFUSALS = new Set([
  'unauthenticated', // dispatcher: audit record of a denied call
  'wrongPassword', // auth: audit record of a failed sign-in (the caller gets UNAUTHENTICATED)
  'encoding', // import report rows (ImportRowProblem.reason), shown per row
  'tooLong',
  'controlChars',
  'formula',
  'consentInvalid',
  'columns',
  'beforeErasureLog', // erasure log entry (members/erasure-log.ts) for erasures older than the log
  'pinFormat', // listed in MEMBER_ERROR_REASONS; the PIN format is checked by the schema (validation.fields.pin)
]);

function coreSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? coreSources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

describe('TODAY_REFUSALS is complete (until the contract declares refusals)', () => {
  it('lists every reason the core returns', () => {
    const core = resolve(import.meta.dirname, '../../src/main/core');
    const found = new Set<string>();
    for (const file of coreSources(core)) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/reason: '(\w+)'/g)) found.add(m[1]);
      for (const m of source.matchAll(/fieldError\([^,]+, '(\w+)'/g)) found.add(m[1]);
    }
    const listed = new Set(Object.values(TODAY_REFUSALS).flat());
    const unlisted = [...found].filter((r) => !listed.has(r) && !NOT_REFUSALS.has(r));
    expect(unlisted).toEqual([]);
  });
});
