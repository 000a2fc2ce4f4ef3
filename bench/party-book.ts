// The customer book the search benchmarks load (bench/party-search.ts, bench/policy-search.ts): 100
// orgs (10 branches × 9 sub-branches), persons with realistic names from weighted surname and
// given-name lists and valid resident IDs, made with the server's own rules (nameGrams,
// nameInitials, the PII key the server was started with) and loaded with COPY. Fixed seed: every
// run builds the same book.
import crypto from 'node:crypto';
import pg from 'pg';
import { createPiiCrypto } from '../src/server/platform/pii-crypto';
import { mask } from '../src/server/platform/mask';
import { residentCheckChar } from '../src/server/modules/party/identity';
import { ID_SEARCH_DOMAIN, PHONE_DOMAIN, idHashDomain, nameGrams, nameInitials } from '../src/server/modules/party/rules';

// ---------------------------------------------------------------- names and IDs
// A fixed-seed generator (mulberry32): every run builds the same book.
export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20261125);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** Weighted picker over "item:weight" entries. */
function weighted(spec: string): () => string {
  const items = spec.trim().split(/\s+/).map((e) => e.split(':') as [string, string]);
  const total = items.reduce((s, [, w]) => s + Number(w), 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of items) cum.push((acc += Number(w) / total));
  return () => {
    const x = rand();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]![0];
  };
}

// Approximate shares (per mille) of the most common surnames; compound surnames rare.
const surname = weighted(`王:71 李:70 张:67 刘:54 陈:45 杨:31 黄:22 赵:22 吴:20 周:19 徐:13 孙:12 马:11 朱:11 胡:10 郭:10 何:9 林:9 高:9 罗:8
  郑:7 梁:7 谢:6 宋:5 唐:5 许:5 韩:5 冯:5 邓:5 曹:5 彭:4 曾:4 肖:4 田:4 董:4 袁:4 潘:3 于:3 蒋:3 蔡:3 余:3 杜:3 叶:3 程:3 苏:3 魏:3 吕:3 丁:3
  任:3 沈:3 姚:2 卢:2 姜:2 崔:2 钟:2 谭:2 陆:2 汪:2 范:2 金:2 石:2 廖:2 贾:2 夏:2 韦:2 付:2 方:2 白:2 邹:2 孟:2 熊:2 秦:2 邱:2 江:2 尹:2 薛:2
  闫:1 段:1 雷:1 侯:1 龙:1 史:1 陶:1 黎:1 贺:1 顾:1 毛:1 郝:1 龚:1 邵:1 万:1 钱:1 严:1 覃:1 武:1 戴:1 莫:1 孔:1 向:1 汤:1 单:1 欧阳:0.3 司马:0.1 诸葛:0.1 上官:0.1`);
// Popular two-character given names (several generations), and single characters for the rest.
const popularGiven = weighted(`秀英:30 桂英:20 秀兰:20 玉兰:15 桂兰:15 秀珍:12 凤英:10 玉珍:8 玉英:8 兰英:6 建华:15 建国:14 建平:8 志强:12 志明:8 国强:8
  国华:6 海燕:8 丽娟:8 丽华:6 红梅:8 晓燕:6 春梅:6 金凤:5 淑珍:6 淑英:5 明亮:4 文博:5 子涵:10 欣怡:9 梓涵:8 浩然:8 一诺:7 宇轩:7 雨涵:6 梓轩:6 思远:4 佳琪:6 俊杰:6 子轩:7`);
const givenChar = weighted(`伟:20 芳:18 娜:16 敏:15 静:15 丽:14 强:14 磊:13 军:13 洋:12 勇:12 艳:12 杰:11 娟:11 涛:10 明:10 超:10 秀:10 霞:9 平:9 刚:9
  桂:8 英:8 华:8 建:7 国:7 红:7 玉:7 文:7 辉:7 力:6 成:6 林:6 波:6 鹏:6 斌:6 宇:6 浩:6 凯:5 健:5 俊:5 帆:5 帅:5 旭:5 宁:5 龙:5 欢:5 阳:5
  佳:5 倩:5 婷:5 雪:5 琳:5 晶:5 颖:5 慧:5 莉:4 梅:4 琴:4 云:4 莹:4 燕:4 飞:4 丹:4 萍:4 鑫:4 亮:4 雷:4 峰:4 海:4 志:4 春:4 玲:4 凤:4 兵:4
  东:4 晨:4 然:4 博:4 子:4 轩:4 涵:4 一:4 诺:4 欣:4 怡:4 雨:4 泽:4 思:4 睿:3 宸:3 琪:3 紫:3 萱:3 熙:3 嘉:3 豪:3 晓:3 彤:3 瑞:3 昊:3 天:3
  佑:3 诗:3 晴:3 悦:3 可:3 馨:3 淑:3 珍:3 兰:3 芬:3 香:3 素:3 荣:3 金:3 德:3 福:3 生:3 宝:3 清:3 永:3 忠:3 贵:3 光:2 民:2 新:2 松:2 立:2
  山:2 江:2 家:2 庆:2 俊:2 义:2 仁:2 和:2 安:2 乐:2 美:2 琦:2 蕾:2 薇:2 妍:2 璐:2 瑶:2 菲:2 楠:2 岩:2 鸿:2 毅:2 骏:2 哲:2 航:2 铭:2 锦:2`);

export function personName(): string {
  const s = surname();
  const x = rand();
  if (x < 0.3) return s + popularGiven();
  if (x < 0.85) return s + givenChar() + givenChar();
  return s + givenChar();
}

// Real county-level division codes across the provinces.
const REGIONS = `110101 110105 110108 120101 120104 130102 130104 140105 150102 210102 210202 220102 230102 230103 310101 310104 310112 310115
  320102 320106 320506 330106 330108 340104 350102 350203 360102 370102 370202 410105 420106 420111 430104 440106 440305 440306 441900 450103
  460106 500103 500106 510107 510104 520102 530102 540102 610113 620102 630102 640104 650102`.trim().split(/\s+/);
const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function residentId(used: Set<string>): { id: string; sex: 'M' | 'F'; birth: string } {
  for (;;) {
    const birth = new Date(Date.UTC(1940, 0, 1) + int(0, 70 * 365) * 86_400_000).toISOString().slice(0, 10);
    const body = `${REGIONS[int(0, REGIONS.length - 1)]}${birth.replace(/-/g, '')}${pad(int(0, 999), 3)}`;
    const id = body + residentCheckChar(body);
    if (used.has(id)) continue;
    used.add(id);
    return { id, sex: Number(body[16]) % 2 === 1 ? 'M' : 'F', birth };
  }
}

// ---------------------------------------------------------------- COPY FROM STDIN with plain `pg`
/** A pg Submittable that runs `COPY … FROM STDIN` and sends `chunks` (text format). */
export function copyFrom(text: string, chunks: () => Iterable<string>) {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  let error: Error | undefined;
  const submittable = {
    submit(connection: { query(t: string): void }) {
      connection.query(text);
    },
    handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) {
      let buf: string[] = [];
      let size = 0;
      for (const line of chunks()) {
        buf.push(line);
        size += line.length;
        if (size > 1 << 20) {
          connection.sendCopyFromChunk(Buffer.from(buf.join(''), 'utf8'));
          buf = [];
          size = 0;
        }
      }
      if (buf.length) connection.sendCopyFromChunk(Buffer.from(buf.join(''), 'utf8'));
      connection.endCopyFrom();
    },
    handleError(e: Error) {
      error = e;
      reject(e);
    },
    handleReadyForQuery() {
      if (!error) resolve();
    },
    handleCommandComplete() {},
    handleRowDescription() {},
    handleDataRow() {},
    handleEmptyQuery() {},
    handlePortalSuspended() {},
    handleCopyData() {},
  };
  return { submittable, done };
}

export const hex = (b: Buffer) => `\\\\x${b.toString('hex')}`;

export interface Generated {
  ids: string[];
  names: string[];
}

export async function generate(client: pg.Client, piiKey: Buffer, userId: string, persons: number): Promise<Generated & { ms: number; analyzeMs: number }> {
  const t0 = performance.now();
  const pii = createPiiCrypto(piiKey);
  // 100 orgs under HQ: 10 branches × 9 sub-branches (plus the branches themselves).
  await client.query(`
    with hq as (select id, path from org where parent_id is null),
    b as (select gen_random_uuid() as id, g from generate_series(1, 10) g)
    insert into org (id, code, name, type, parent_id, path, depth, created_at, updated_at)
    select b.id, 'B' || lpad(g::text, 2, '0'), '分公司' || g, 'BRANCH', hq.id, hq.path || b.id || '/', 1, now(), now() from b, hq`);
  await client.query(`
    with c as (select gen_random_uuid() as id, p.id as parent_id, p.code as pcode, p.path as ppath, g from org p, generate_series(1, 9) g where p.type = 'BRANCH')
    insert into org (id, code, name, type, parent_id, path, depth, created_at, updated_at)
    select id, pcode || 'S' || g, '支公司' || pcode || '-' || g, 'SUB', parent_id, ppath || id || '/', 2, now(), now() from c`);
  const orgIds = (await client.query(`select id from org where depth > 0 order by code`)).rows.map((r) => r.id as string);

  const used = new Set<string>();
  const sample: Generated = { ids: [], names: [] };
  const now = Date.now();
  function* lines(): Generator<string> {
    for (let i = 0; i < persons; i++) {
      const name = personName();
      const { id, sex, birth } = residentId(used);
      const hasMobile = rand() < 0.6;
      const mobile = hasMobile ? `1${int(3, 9)}${pad(int(0, 999_999_999), 9)}` : '';
      // Oldest first: created_at and UUIDv7 ids rise together, as in production.
      const created = new Date(now - (persons - i) * 90_000);
      if (i % 50_000 === 7) sample.ids.push(id);
      if (i % 20_000 === 11) sample.names.push(name);
      const row = [
        uuidv7At(created.getTime()), 'PERSON', name, `{${nameGrams(name).join(',')}}`, nameInitials(name), 'RESIDENT_ID',
        hex(pii.hash(idHashDomain('CN_ID'), id)), hex(pii.hash(ID_SEARCH_DOMAIN, id)), hex(pii.encrypt(id)), mask('resident_id', id)!,
        sex, birth, 'CHN',
        hasMobile ? hex(pii.encrypt(mobile)) : '\\N', hasMobile ? hex(pii.hash(PHONE_DOMAIN, mobile)) : '\\N', hasMobile ? mask('mobile', mobile)! : '\\N',
        '[]', '[]', orgIds[i % orgIds.length]!, userId, created.toISOString(), created.toISOString(),
      ];
      yield `${row.join('\t')}\n`;
    }
  }
  const columns = 'id, kind, name, name_grams, name_initials, id_type, id_hash, id_search_hash, id_number_enc, id_number_masked, sex, birth_date, nationality, phone_enc, phone_hash, phone_masked, addresses, bank_accounts, org_id, created_by, created_at, updated_at';
  const copy = copyFrom(`copy party (${columns}) from stdin`, lines);
  client.query(copy.submittable as unknown as pg.QueryConfig);
  await copy.done;
  const loadMs = performance.now() - t0;
  await client.query('vacuum analyze party, org');
  return { ...sample, ms: Math.round(loadMs), analyzeMs: Math.round(performance.now() - t0 - loadMs) };
}

/** UUID v7 for a given instant (the bench's own, so rows keep their historical order). */
export function uuidv7At(msTime: number): string {
  const b = crypto.randomBytes(16);
  b.writeUIntBE(msTime, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
