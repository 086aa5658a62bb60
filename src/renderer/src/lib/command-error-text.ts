import type { TFunction } from 'i18next';
import type { ChannelName } from '../../../shared/contract';
import type { AppErrorBody } from '../../../shared/errors';
import { errorText } from './errors';
import { pointsErrorText } from '../features/points/points-errors';

/**
 * The one place `useCommand` and `useQuery` turn an error into a sentence. Until typed
 * refusals land (`describeError(t, channel, error)` in lib/describe-error.ts, which
 * replaces this body), it keeps today's texts: the points and rewards areas' reasons
 * ("not enough points", "wrong PIN", "receipt already recorded"), the shell's otherwise.
 */
export function commandErrorText(t: TFunction, channel: ChannelName, error: AppErrorBody): string {
  return channel.startsWith('points:') || channel.startsWith('rewards:')
    ? pointsErrorText(t, error)
    : errorText(t, error);
}
