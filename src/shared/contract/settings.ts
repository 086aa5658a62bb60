import { channel } from './define';
import { empty } from './common';
import { MANAGER_UP } from '../roles';
import { settingsPatchSchema, type Settings } from '../settings';

/** One changed setting, as recorded: each change is its own audit record (`settings.changed`, target = key). */
export interface SettingChange {
  key: string;
  from: unknown;
  to: unknown;
}

/** The audit records of a settings write: one per changed key, none when nothing changed. */
export const settingsChangedAudit = {
  action: 'settings.changed',
  each: (_i: unknown, _o: unknown, call: { notes: { changes: SettingChange[] } }) =>
    call.notes.changes.map((c) => ({ target: c.key, details: { from: c.from, to: c.to } })),
};

export const settingsContract = {
  'settings:get': channel<Settings>()({ input: empty, access: 'signedIn', effect: 'read', refusals: [] }),
  /** Partial update; every change is validated, recorded with who/when, and audited. */
  'settings:update': channel<Settings, { changes: SettingChange[] }>()({
    input: settingsPatchSchema,
    access: MANAGER_UP,
    effect: 'write',
    refusals: [],
    audit: settingsChangedAudit,
    invalidates: ['settings:get', 'auth:status'],
  }),
};
