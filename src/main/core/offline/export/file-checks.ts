import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileReadBack {
  bytes: number;
  sha256: string;
  /** Data records (CSV: records after the header, quoted line breaks respected; JSONL: lines). */
  records: number;
}

const QUOTE = 0x22;
const LF = 0x0a;

/**
 * Counts CSV records by scanning for LF outside quotes. Works across chunk borders
 * because the only state is "inside quotes"; a doubled quote toggles twice.
 */
function makeCsvCounter() {
  let inQuotes = false;
  let records = 0;
  return {
    feed(chunk: Buffer) {
      let i = 0;
      // The next quote at or after i, found once and reused: searching again from every
      // line start would rescan the rest of the chunk for each record.
      let q = chunk.indexOf(QUOTE);
      for (;;) {
        if (inQuotes) {
          if (q < 0) return;
          inQuotes = false;
          i = q + 1;
          q = chunk.indexOf(QUOTE, i);
        } else {
          const n = chunk.indexOf(LF, i);
          if (n >= 0 && (q < 0 || n < q)) {
            records++;
            i = n + 1;
          } else if (q >= 0) {
            inQuotes = true;
            i = q + 1;
            q = chunk.indexOf(QUOTE, i);
          } else return;
        }
      }
    },
    get records() {
      return records;
    },
  };
}

function makeLineCounter() {
  let records = 0;
  return {
    feed(chunk: Buffer) {
      let i = chunk.indexOf(LF);
      while (i >= 0) {
        records++;
        i = chunk.indexOf(LF, i + 1);
      }
    },
    get records() {
      return records;
    },
  };
}

/**
 * Reads a written file back from disk, independently of what the writer remembered:
 * its size, sha256 and number of records. The export compares these with what it
 * wrote and with a separate count(*) before the folder may be called complete.
 */
export function readBack(path: string, format: 'csv' | 'jsonl'): Promise<FileReadBack> {
  const counter = format === 'csv' ? makeCsvCounter() : makeLineCounter();
  const hash = createHash('sha256');
  let bytes = 0;
  return new Promise((resolve, reject) => {
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (c) => {
        const chunk = c as Buffer;
        bytes += chunk.length;
        hash.update(chunk);
        counter.feed(chunk);
      })
      .on('error', reject)
      .on('end', () =>
        resolve({
          bytes,
          sha256: hash.digest('hex'),
          // The CSV header is a record too.
          records: format === 'csv' ? Math.max(0, counter.records - 1) : counter.records,
        }),
      );
  });
}
