import type { ColumnSpec } from './cell-sql';
import type { DatasetSpec } from './datasets';

/**
 * The audit log for head office, incremental like the ledger ('append' on seq: each
 * run writes the records after the previous run's watermark). Every column the chain's
 * canonical bytes cover is here, with the link kind and both hashes, so head office can
 * re-link the chain from the files alone and, holding every head it was sent, see a
 * history that was rewritten, cut short or swapped for an older copy
 * (audit/verify-export-folder.ts). The HMAC itself cannot be checked there: the key
 * never leaves the terminal.
 */
const col = (name: string, type: ColumnSpec['type'], sql = `a.${name}`): ColumnSpec => ({ name, sql, type });

export const AUDIT_LOG: DatasetSpec = {
  name: 'audit_log',
  mode: 'append',
  from: 'audit_log a',
  rowid: 'a.seq',
  orderBy: 'a.seq',
  columns: [
    col('seq', 'int'),
    col('id', 'id'),
    col('at', 'int'),
    col('terminal_id', 'id'),
    col('actor_id', 'id'),
    col('actor_name', 'text'),
    col('action', 'id'),
    col('target', 'text'),
    col('details', 'text'),
    col('link', 'id'),
    col('prev_hash', 'id'),
    col('hash', 'id'),
  ],
};
