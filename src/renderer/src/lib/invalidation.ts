import { contract, type ChannelName, type ChannelsWith } from '../../../shared/contract';

/**
 * Which queries a successful command makes stale: its contract entry's `invalidates`
 * (read channels only, checked at compile time in src/shared/contract/index.ts). One
 * place for main and the renderer; useCommand refreshes every `useQuery` of them.
 */
export function invalidatedBy(channel: ChannelName): readonly ChannelsWith<'read'>[] {
  return (contract[channel] as { invalidates?: readonly ChannelsWith<'read'>[] }).invalidates ?? [];
}
