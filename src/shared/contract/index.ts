import type { z } from 'zod';
import type { ChannelDef } from './define';
import { authContract } from './auth';
import { staffContract } from './staff';
import { auditContract } from './audit';
import { settingsContract } from './settings';
import { membersContract } from './members';
import { pointsContract } from './points';
import { rewardsContract } from './rewards';
import { offlineContract } from './offline';
import { reportsContract } from './reports';

/**
 * The whole IPC surface: channel name → input schema, access, output type.
 * Main validates against it, the preload allow-lists its names, the renderer's client
 * is typed by it, and the README's role matrix is generated from it.
 */
export const contract = {
  ...authContract,
  ...staffContract,
  ...auditContract,
  ...settingsContract,
  ...membersContract,
  ...pointsContract,
  ...rewardsContract,
  ...offlineContract,
  ...reportsContract,
};

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type OutputOf<C extends ChannelName> = Contract[C] extends ChannelDef<z.ZodType, infer O> ? O : never;

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export { CHANNELS_ALLOWED_WHILE_LOCKED } from './auth';

/**
 * Background reads the renderer makes on a timer (status bar). They must not count as
 * activity, or main's idle lock would never fire on an unattended terminal.
 */
export const PASSIVE_CHANNELS = new Set<string>(['offline:status', 'auth:status']);
export type { AuthStatus, SignInResult } from './auth';
export type { StaffDto } from './staff';
export type { AuditEntryDto, AuditVerifyResult } from './audit';
