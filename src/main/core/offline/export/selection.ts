import type { DatasetSpec } from './datasets';
import type { Watermark } from './export-runs';

/**
 * 'changed' datasets select by time, and times come from the terminal's clock: reach
 * back this far before the previous snapshot, so a clock corrected backwards by NTP or
 * by hand cannot hide a row from every export. Repeats merge away by id.
 */
export const CHANGED_OVERLAP_MS = 15 * 60_000;

export interface Selection {
  where: string;
  params: Record<string, number>;
}

/** Which rows of a dataset this run writes (see DatasetSpec for the three modes). */
export function selectionFor(
  spec: DatasetSpec,
  kind: 'full' | 'incremental',
  prev: Watermark | null,
  snapshot: Watermark,
): Selection {
  if (spec.mode === 'append') {
    const to = snapshot.rowids[spec.name] ?? 0;
    const from = kind === 'full' || !prev ? 0 : (prev.rowids[spec.name] ?? 0);
    return { where: `${spec.rowid} > @from AND ${spec.rowid} <= @to`, params: { from, to } };
  }
  if (spec.mode === 'changed' && kind === 'incremental' && prev) {
    return { where: `${spec.changedAt} >= @since`, params: { since: prev.at - CHANGED_OVERLAP_MS } };
  }
  return { where: '1', params: {} };
}
