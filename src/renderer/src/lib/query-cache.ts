import { create } from 'zustand';
import type { ChannelName } from '../../../shared/contract';

/**
 * Data versions per query channel. A command's success bumps the version of every
 * channel it invalidates (lib/invalidation.ts); each `useQuery` of such a channel reads
 * again. Nothing is cached here: each screen keeps its own answer.
 */
interface QueryCacheState {
  versions: Partial<Record<ChannelName, number>>;
  invalidate(channels: readonly ChannelName[]): void;
}

export const useQueryCache = create<QueryCacheState>((set) => ({
  versions: {},
  invalidate: (channels) =>
    set((s) => {
      if (channels.length === 0) return s;
      const versions = { ...s.versions };
      for (const c of channels) versions[c] = (versions[c] ?? 0) + 1;
      return { versions };
    }),
}));

export function invalidateQueries(channels: readonly ChannelName[]): void {
  useQueryCache.getState().invalidate(channels);
}

/** The data version of a query channel: changes whenever a command invalidates it. */
export function useQueryVersion(channel: ChannelName): number {
  return useQueryCache((s) => s.versions[channel] ?? 0);
}
