import type { Migration } from '../migration';
import { receiptKey } from '../../../../shared/receipt-no';

/**
 * Receipt numbers unique by their normalised key (shared/receipt-no.ts): before, "R-1001",
 * " r-1001", full-width "Ｒ-1001", "R-10\u200B01" and "R‐1001" were five receipts, each
 * awarded once. `receipt_key` is filled for every existing purchase and indexed unique;
 * `receipt_no` keeps what was typed (receipts, history and exports show it).
 *
 * Existing purchases whose keys clash (the same receipt awarded twice in different
 * spellings) all stay — the ledger is append-only — but only the first (by time) answers
 * to the receipt number; each later one gets the key `<key> (duplicate <purchase id>)`,
 * which contains a space and so can never be typed; their ids are kept in meta
 * `receipt_key_duplicates` for a manager to look at.
 * The column's default '' makes a writer that forgets the key fail at its second row.
 */
export const m008ReceiptKeys: Migration = {
  version: 8,
  name: '008-receipt-keys',
  up(db) {
    db.exec(`ALTER TABLE points_purchases ADD COLUMN receipt_key TEXT NOT NULL DEFAULT ''`);
    const rows = db.prepare('SELECT id, receipt_no FROM points_purchases ORDER BY created_at, id').all() as {
      id: string;
      receipt_no: string;
    }[];
    const seen = new Set<string>();
    const duplicates: string[] = [];
    const set = db.prepare('UPDATE points_purchases SET receipt_key = ? WHERE id = ?');
    for (const r of rows) {
      let key = receiptKey(r.receipt_no);
      if (key === '' || seen.has(key)) {
        key = `${key} (duplicate ${r.id})`;
        duplicates.push(r.id);
      }
      seen.add(key);
      set.run(key, r.id);
    }
    db.exec('CREATE UNIQUE INDEX points_purchases_receipt_key ON points_purchases(receipt_key)');
    if (duplicates.length > 0) {
      db.prepare("INSERT INTO meta (key, value) VALUES ('receipt_key_duplicates', ?)").run(JSON.stringify(duplicates));
    }
  },
};
