import type { Db } from '../src/main/core/db/open-database';
import { nameGrams } from '../src/main/core/members/name-grams';
import { nameKey } from '../src/main/core/members/normalize';
import { makeCardNumber } from '../src/main/core/members/card-number';

/**
 * Bulk-inserts realistic members straight into the schema of migration 002, for
 * benchmarks: Chinese names (about half of them 2 characters, the hard case for a
 * trigram index), Latin names, valid unique Chinese mobile numbers, unique emails for
 * most members, unique EAN-13 card numbers. Deterministic for a given seed.
 *
 * Writes the same columns and name grams the app maintains, in one transaction. The
 * FTS index is filled by one 'rebuild' at the end instead of the per-row insert trigger
 * (measured here: 50k rows 7 s through the trigger, 0.13 s by rebuild); the trigger is
 * dropped and re-created from its own stored SQL inside the same transaction, so the
 * schema is exactly as migration 002 left it whether the run commits or rolls back.
 */

/** mulberry32: small, fast, seedable; good enough to pick names. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES: [string, string][] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['黄', 'huang'],
  ['赵', 'zhao'],
  ['吴', 'wu'],
  ['周', 'zhou'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['马', 'ma'],
  ['朱', 'zhu'],
  ['胡', 'hu'],
  ['郭', 'guo'],
  ['何', 'he'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['罗', 'luo'],
  ['郑', 'zheng'],
  ['梁', 'liang'],
  ['谢', 'xie'],
  ['宋', 'song'],
  ['唐', 'tang'],
  ['许', 'xu'],
  ['韩', 'han'],
  ['冯', 'feng'],
  ['邓', 'deng'],
  ['曹', 'cao'],
  ['彭', 'peng'],
  ['曾', 'zeng'],
  ['肖', 'xiao'],
  ['田', 'tian'],
  ['董', 'dong'],
  ['袁', 'yuan'],
  ['潘', 'pan'],
  ['于', 'yu'],
  ['蒋', 'jiang'],
  ['蔡', 'cai'],
  ['余', 'yu'],
  ['杜', 'du'],
  ['叶', 'ye'],
  ['程', 'cheng'],
  ['苏', 'su'],
  ['魏', 'wei'],
  ['吕', 'lv'],
  ['丁', 'ding'],
  ['任', 'ren'],
  ['沈', 'shen'],
  ['姚', 'yao'],
  ['卢', 'lu'],
  ['姜', 'jiang'],
  ['崔', 'cui'],
  ['钟', 'zhong'],
  ['谭', 'tan'],
  ['陆', 'lu'],
  ['汪', 'wang'],
  ['范', 'fan'],
  ['金', 'jin'],
  ['石', 'shi'],
  ['廖', 'liao'],
  ['贾', 'jia'],
  ['夏', 'xia'],
  ['韦', 'wei'],
  ['付', 'fu'],
  ['方', 'fang'],
  ['白', 'bai'],
  ['邹', 'zou'],
  ['孟', 'meng'],
  ['欧阳', 'ouyang'],
  ['司马', 'sima'],
  ['上官', 'shangguan'],
];

const SINGLE_SURNAMES = SURNAMES.filter((x) => x[0].length === 1);

const GIVEN: [string, string][] = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['娜', 'na'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['艳', 'yan'],
  ['杰', 'jie'],
  ['娟', 'juan'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['秀', 'xiu'],
  ['霞', 'xia'],
  ['平', 'ping'],
  ['刚', 'gang'],
  ['桂', 'gui'],
  ['英', 'ying'],
  ['华', 'hua'],
  ['玉', 'yu'],
  ['兰', 'lan'],
  ['飞', 'fei'],
  ['红', 'hong'],
  ['建', 'jian'],
  ['文', 'wen'],
  ['辉', 'hui'],
  ['鹏', 'peng'],
  ['宇', 'yu'],
  ['浩', 'hao'],
  ['婷', 'ting'],
  ['雪', 'xue'],
  ['琳', 'lin'],
  ['晨', 'chen'],
  ['欣', 'xin'],
  ['佳', 'jia'],
  ['俊', 'jun'],
  ['凯', 'kai'],
  ['子', 'zi'],
  ['梓', 'zi'],
  ['涵', 'han'],
  ['轩', 'xuan'],
  ['怡', 'yi'],
  ['萱', 'xuan'],
  ['博', 'bo'],
  ['然', 'ran'],
  ['思', 'si'],
  ['雨', 'yu'],
  ['嘉', 'jia'],
  ['浩', 'hao'],
  ['晓', 'xiao'],
  ['志', 'zhi'],
  ['海', 'hai'],
  ['波', 'bo'],
  ['成', 'cheng'],
  ['斌', 'bin'],
  ['云', 'yun'],
  ['燕', 'yan'],
  ['慧', 'hui'],
  ['颖', 'ying'],
  ['倩', 'qian'],
  ['鑫', 'xin'],
  ['瑞', 'rui'],
  ['昊', 'hao'],
  ['晨', 'chen'],
  ['阳', 'yang'],
];

const FIRST = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Daniel',
  'Karen',
  'Anna',
  'Emma',
  'Olivia',
  'Sophie',
  'Lucas',
  'Noah',
  'Liam',
  'Mia',
  'Chloe',
  'Léa',
  'Zoë',
  'José',
  'Kevin',
  'Grace',
  'Tony',
  'Vivian',
  'Eric',
  'Cindy',
  'Jason',
  'Amy',
  'Ryan',
  'Helen',
  'Peter',
  'Ivy',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Martinez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Moore',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Müller',
  'Dubois',
  'Rossi',
  'Tanaka',
  'Kim',
  'Nguyen',
  'Wong',
  'Chan',
  'Cheung',
  'Lam',
  'Ho',
];

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];
const DOMAINS = ['qq.com', '163.com', '126.com', 'gmail.com', 'outlook.com', 'example.cn', 'sina.com'];

/** Bijections on [0, 10^k): multiply by a number coprime with 10, so no two i collide. */
const permute8 = (k: number) => (k * 48_271 + 12_345) % 100_000_000;
const permute10 = (k: number) => Number((BigInt(k) * 2_654_435_761n + 97_531n) % 10_000_000_000n);

export interface GeneratedMember {
  name: string;
  email: string | null;
  phone: string;
  cardNumber: string;
}

export function makeMember(i: number, rand: () => number): GeneratedMember {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const r = rand();
  let name: string;
  let slug: string;
  if (r < 0.45) {
    // 2-character Chinese name: the case a trigram index cannot find.
    const s = pick(SINGLE_SURNAMES);
    const g = pick(GIVEN);
    name = s[0] + g[0];
    slug = s[1] + g[1];
  } else if (r < 0.78) {
    const s = pick(SURNAMES);
    const g1 = pick(GIVEN);
    const g2 = pick(GIVEN);
    name = s[0] + g1[0] + g2[0];
    slug = s[1] + g1[1] + g2[1];
  } else {
    const f = pick(FIRST);
    const l = pick(LAST);
    name = `${f} ${l}`;
    slug = `${f}.${l}`
      .normalize('NFD')
      .replace(/[^\w.]/g, '')
      .toLowerCase();
  }
  const p = MOBILE_PREFIXES.length;
  const phone = `+86${MOBILE_PREFIXES[i % p]}${String(permute8(Math.floor(i / p))).padStart(8, '0')}`;
  const email = rand() < 0.6 ? `${slug}${i}@${pick(DOMAINS)}` : null;
  const cardNumber = makeCardNumber(String(permute10(i)).padStart(10, '0'));
  return { name, email, phone, cardNumber };
}

export interface GenerateReport {
  inserted: number;
  skipped: number;
  ms: number;
  insertMs?: number;
  checkpointAndAnalyzeMs?: number;
}

const DAY = 86_400_000;

/**
 * Inserts `n` members. Numbering continues after the highest existing seq, so calling
 * it twice adds different people; a row that collides with an existing phone, email or
 * card (e.g. one registered through the app) is skipped and counted.
 */
export function generateMembers(db: Db, n: number, seed = 1): GenerateReport {
  const t0 = performance.now();
  const rand = rng(seed);
  const start = ((db.prepare('SELECT max(seq) FROM members').pluck().get() as number | null) ?? 0) + 1;
  const span = 3 * 365 * DAY;
  const firstAt = Date.now() - span;
  const insert = db.prepare(
    `INSERT INTO members (seq, id, card_number, name, name_key, phone, phone_last4, email, birthday,
       marketing_consent, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const gram = db.prepare('INSERT OR IGNORE INTO member_name_grams (gram, member_seq) VALUES (?, ?)');
  let inserted = 0;
  let skipped = 0;
  const phases: { insertMs?: number; checkpointAndAnalyzeMs?: number } = {};
  const run = db.transaction(() => {
    const trigger = db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'members_fts_insert'")
      .pluck()
      .get() as string | undefined;
    if (!trigger) throw new Error('generateMembers: schema has no members_fts_insert trigger (migration 002?)');
    db.exec('DROP TRIGGER members_fts_insert');
    for (let k = 0; k < n; k++) {
      const seq = start + k;
      const m = makeMember(seq, rand);
      const key = nameKey(m.name);
      // Registration order = seq order, spread over three years: UUIDv7 ids and
      // created_at then grow with seq, as on a real terminal (and append to their indexes).
      const createdAt = firstAt + Math.floor(((k + rand()) * span) / n);
      const birthday =
        rand() < 0.5
          ? `${1950 + Math.floor(rand() * 55)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`
          : null;
      try {
        insert.run(
          seq,
          uuidV7At(createdAt, rand),
          m.cardNumber,
          m.name,
          key,
          m.phone,
          m.phone.slice(-4),
          m.email,
          birthday,
          rand() < 0.3 ? 1 : 0,
          rand() < 0.02 ? 0 : 1,
          createdAt,
          createdAt,
        );
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          skipped++;
          continue;
        }
        throw err;
      }
      for (const g of nameGrams(key)) gram.run(g, seq);
      inserted++;
    }
    db.exec("INSERT INTO members_fts(members_fts) VALUES ('rebuild')");
    db.exec(trigger);
  });
  // Bench data only: a big page cache keeps the random-order indexes (card, phone,
  // email, grams) in memory while they are built — with the default 2 MB, 1M rows took
  // 150 s instead of well under a minute — and no fsync until the final checkpoint.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('cache_size = -524288');
  db.pragma('synchronous = OFF');
  try {
    run.immediate();
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma(`cache_size = ${cacheSize}`);
  }
  // Leave the file as a terminal that has been running would be: WAL folded into the
  // database, statistics gathered for the planner.
  const tInsert = performance.now();
  db.pragma('wal_checkpoint(TRUNCATE)');
  // analysis_limit: sample each index instead of reading all of it (seconds at 1M).
  db.pragma('analysis_limit = 1000');
  db.exec('ANALYZE');
  phases.insertMs = Math.round(tInsert - t0);
  phases.checkpointAndAnalyzeMs = Math.round(performance.now() - tInsert);
  return { inserted, skipped, ms: Math.round(performance.now() - t0), ...phases };
}

/** A UUIDv7 for a past creation time (the uuid package only stamps "now"). */
function uuidV7At(ms: number, rand: () => number): string {
  const hex = (v: number, len: number) => Math.floor(v).toString(16).padStart(len, '0');
  const time = hex(ms, 12);
  const randA = hex(rand() * 0x1000, 3);
  const variant = (8 + Math.floor(rand() * 4)).toString(16);
  const randB = hex(rand() * 0x1000, 3) + hex(rand() * 0x1000000, 6) + hex(rand() * 0x1000000, 6);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randA}-${variant}${randB.slice(0, 3)}-${randB.slice(3, 15)}`;
}
