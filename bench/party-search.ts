// Benchmark of customer search (issue 3): 1,000,000 persons, GET /api/v1/parties at 50 concurrent
// clients (autocannon, closed loop) as a head-office user (scope all) and a branch user (subtree):
// name prefix (surname + first given character), partial name (a two-character given name),
// pinyin initials, exact ID number. Targets: search p95 < 50 ms, exact ID p95 < 5 ms.
//
//   node --import tsx bench/party-search.ts        (BENCH_SECONDS=10 per run, BENCH_PERSONS=1000000)
//
// The server is a child process (bench/lib.ts startBenchServer: production mode, its own embedded
// PostgreSQL in a fresh temp dir, removed afterwards). The persons are generated here — realistic
// names from weighted surname and given-name lists, valid resident IDs — with the server's own
// rules (nameGrams, nameInitials, the PII key the server was started with) and loaded with COPY.
// Nothing here asserts a timing.
import crypto from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { hashPassword } from '../src/server/platform/password';
import { createPiiCrypto } from '../src/server/platform/pii-crypto';
import { mask } from '../src/server/platform/mask';
import { residentCheckChar } from '../src/server/modules/party/identity';
import { ID_SEARCH_DOMAIN, PHONE_DOMAIN, idHashDomain, nameGrams, nameInitials } from '../src/server/modules/party/rules';
import { machineSummary, percentile, signIn, startBenchServer } from './lib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PERSONS = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const CONNECTIONS = 50;
const PASSWORD = 'Bench-Passw0rd!2026';

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

// ---------------------------------------------------------------- names and IDs
// A fixed-seed generator (mulberry32): every run builds the same book.
function rng(seed: number) {
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

function personName(): string {
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

function residentId(used: Set<string>): { id: string; sex: 'M' | 'F'; birth: string } {
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
function copyFrom(text: string, chunks: () => Iterable<string>) {
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

const hex = (b: Buffer) => `\\\\x${b.toString('hex')}`;

interface Generated {
  ids: string[];
  names: string[];
}

async function generate(client: pg.Client, piiKey: Buffer, userId: string): Promise<Generated & { ms: number; analyzeMs: number }> {
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
    select id, pcode || '-S' || g, '支公司' || pcode || '-' || g, 'SUB', parent_id, ppath || id || '/', 2, now(), now() from c`);
  const orgIds = (await client.query(`select id from org where depth > 0 order by code`)).rows.map((r) => r.id as string);

  const used = new Set<string>();
  const sample: Generated = { ids: [], names: [] };
  const now = Date.now();
  function* lines(): Generator<string> {
    for (let i = 0; i < PERSONS; i++) {
      const name = personName();
      const { id, sex, birth } = residentId(used);
      const hasMobile = rand() < 0.6;
      const mobile = hasMobile ? `1${int(3, 9)}${pad(int(0, 999_999_999), 9)}` : '';
      // Oldest first: created_at and UUIDv7 ids rise together, as in production.
      const created = new Date(now - (PERSONS - i) * 90_000);
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
function uuidv7At(msTime: number): string {
  const b = crypto.randomBytes(16);
  b.writeUIntBE(msTime, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---------------------------------------------------------------- HTTP
interface Run {
  name: string;
  scope: string;
  load: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  hits: string;
}

function cannon(base: string, paths: string[], cookie: string, connections: number, seconds: number) {
  return new Promise<{ latencies: number[]; errors: number }>((resolve, reject) => {
    const latencies: number[] = [];
    const inst = autocannon(
      { url: base, connections, duration: seconds, headers: { cookie }, timeout: 30, requests: paths.map((path) => ({ method: 'GET', path })) },
      (err, result) => (err ? reject(err) : resolve({ latencies, errors: result.non2xx + result.errors + result.timeouts })),
    );
    inst.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      if (status >= 200 && status < 300) latencies.push(responseTime);
    });
  });
}

async function main() {
  log(`machine: ${machineSummary()}`);
  // The server derives its keys from PII_KEY (inherited through the environment); the generator
  // uses the same key, so its hashes are the ones the server computes for a search.
  const piiKey = crypto.randomBytes(32);
  process.env.PII_KEY = piiKey.toString('base64');
  const server = await startBenchServer({ name: 'party', log });
  let client: pg.Client | undefined;
  process.once('SIGINT', () => void server.stop().then(() => process.exit(130)));
  try {
    const base = server.base;
    client = new pg.Client({ ...server.pg, application_name: 'baoye-bench' });
    await client.connect();
    const pgVersion = (await client.query('show server_version')).rows[0].server_version as string;
    const hash = await hashPassword(PASSWORD);
    const role = (await client.query(`insert into role (id, code, name, description, permissions, mfa_required, builtin, created_at, updated_at)
      values (gen_random_uuid(), 'BENCH_PARTY_READER', '客户查询（基准）', 'bench', array['party:read'], false, false, now(), now()) returning id`)).rows[0].id as string;
    const userId = (await client.query(
      `insert into app_user (id, username, name, org_id, password_hash, must_change_password, status, failed_attempts, mfa_enabled, created_at, updated_at)
       select gen_random_uuid(), 'bench_party_all', '基准', id, $1, false, 'ACTIVE', 0, false, now(), now() from org where parent_id is null returning id`,
      [hash],
    )).rows[0].id as string;
    await client.query(`insert into user_role (user_id, role_id, scope) values ($1, $2, 'all')`, [userId, role]);

    log(`generating ${PERSONS.toLocaleString('en-US')} persons and loading them with COPY`);
    const data = await generate(client, piiKey, userId);
    log(`loaded in ${data.ms} ms, vacuum analyze ${data.analyzeMs} ms`);
    if (data.names[0]!.length < 3) data.names.sort((a, b) => b.length - a.length);
    const size = (await client.query(`select pg_size_pretty(pg_total_relation_size('party')) as total, pg_size_pretty(pg_relation_size('party')) as heap, pg_size_pretty(pg_total_relation_size('party_name_key')) as name_keys,
      pg_size_pretty(pg_relation_size('party_name_grams_idx')) as grams, pg_size_pretty(pg_relation_size('party_initials_idx')) as initials`)).rows[0];
    log(`party: ${JSON.stringify(size)}`);

    // A branch user (subtree of B01: about 10% of the book) for the scoped runs.
    await client.query(
      `insert into app_user (id, username, name, org_id, password_hash, must_change_password, status, failed_attempts, mfa_enabled, created_at, updated_at)
       select gen_random_uuid(), 'bench_party_branch', '基准分公司', id, $1, false, 'ACTIVE', 0, false, now(), now() from org where code = 'B01'`,
      [hash],
    );
    await client.query(`insert into user_role (user_id, role_id, scope) select id, $1, 'subtree' from app_user where username = 'bench_party_branch'`, [role]);
    const cookieAll = (await signIn(base, 'bench_party_all', PASSWORD)).sid;
    const cookieBranch = (await signIn(base, 'bench_party_branch', PASSWORD)).sid;

    const list = (q: string) => `/api/v1/parties?pageSize=20&q=${encodeURIComponent(q)}`;
    const prefixes = [...new Set(data.names.filter((n) => [...n].length === 3).map((n) => [...n].slice(0, 2).join('')))].slice(0, 20);
    const partials = ['桂兰', '秀英', '建华', '志强', '子涵', '海燕', '国强', '欣怡', '丽娟', '浩然'];
    const initials = [...new Set(data.names.map((n) => nameInitials(n)).filter((s) => s.length === 3))].slice(0, 20);
    const scenarios: [string, string[]][] = [
      ['name prefix (surname + 1st given char)', prefixes.map(list)],
      ['partial name (2-char given name)', partials.map(list)],
      ['pinyin initials (3 letters)', initials.map(list)],
      ['exact ID number', data.ids.map(list)],
      ['no search, page 1 (newest first)', ['/api/v1/parties?pageSize=20']],
    ];
    // What each search finds (sanity, and context for the figures).
    const hits: Record<string, string> = {};
    for (const [name, paths] of scenarios) {
      const totals: number[] = [];
      let capped = 0;
      for (const p of paths) {
        const r = await fetch(`${base}${p}`, { headers: { cookie: cookieAll } });
        if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
        const body = (await r.json()) as { total: number; totalCapped?: boolean };
        totals.push(body.total);
        if (body.totalCapped) capped++;
      }
      totals.sort((a, b) => a - b);
      hits[name] = `${totals[0]}–${totals.at(-1)!}${capped ? '+' : ''} (median ${totals[Math.floor(totals.length / 2)]}${capped ? `; ${capped} of ${totals.length} at the count cap` : ''})`;
      if (name === 'exact ID number' && totals.some((t) => t !== 1)) throw new Error(`exact ID lookups should find one each: ${totals}`);
      log(`${name}: ${paths.length} distinct queries, matches ${hits[name]}`);
    }

    const runs: Run[] = [];
    const go = async (name: string, scope: string, cookie: string, paths: string[], connections: number) => {
      await cannon(base, paths, cookie, connections, 3); // warm-up, not recorded
      const r = await cannon(base, paths, cookie, connections, SECONDS);
      const s = r.latencies.sort((a, b) => a - b);
      runs.push({ name, scope, load: `${connections} conn${connections > 1 ? 's' : ''}`, rps: s.length / SECONDS, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? NaN, errors: r.errors, hits: hits[name] ?? '' });
      const x = runs.at(-1)!;
      log(`${name} · ${scope} · ${x.load}: ${x.rps.toFixed(0)} req/s, p50 ${ms(x.p50)} p95 ${ms(x.p95)} p99 ${ms(x.p99)} ms, errors ${x.errors}`);
    };
    for (const [name, paths] of scenarios) await go(name, 'all', cookieAll, paths, 1);
    for (const [name, paths] of scenarios) await go(name, 'all', cookieAll, paths, CONNECTIONS);
    await go('partial name (2-char given name)', 'subtree', cookieBranch, scenarios[1]![1], CONNECTIONS);
    await go('exact ID number', 'subtree', cookieBranch, scenarios[3]![1], CONNECTIONS);

    // Plans of the statements the service sends for the search kinds (scope all, first page).
    // (The service skips the count when the page is not full, as for an exact ID.)
    const explain = async (label: string, where: string, cap: number, keyed = false) => {
      const q = keyed
        ? `select p.id, p.party_no, p.name, o.name from party_name_key k left join org o on o.id = k.org_id join party p on p.id = k.party_id where ${where} order by k.created_at desc, k.party_id desc limit 21`
        : `select p.id, p.party_no, p.name from party p left join org o on o.id = p.org_id where ${where} order by p.created_at desc, p.id desc limit 21`;
      const c = keyed
        ? `select count(*) from (select 1 from party_name_key k left join org o on o.id = k.org_id where ${where} limit ${cap + 1}) t`
        : `select count(*) from (select 1 from party p left join org o on o.id = p.org_id where ${where} limit ${cap + 1}) t`;
      const out: string[] = [];
      for (const s of [q, c]) {
        let plan: string[] = [];
        for (let i = 0; i < 3; i++) plan = (await client!.query(`explain (analyze, buffers, timing off, summary on) ${s}`)).rows.map((r) => r['QUERY PLAN'] as string);
        out.push(`-- ${label}\n${s}\n${plan.join('\n')}`);
      }
      return out.join('\n\n');
    };
    const idHashHex = createPiiCrypto(piiKey).hash(ID_SEARCH_DOMAIN, data.ids[0]!).toString('hex');
    const plans = [
      await explain('partial name 秀英 (scope all)', `k.gram = '秀英'`, 1000, true),
      await explain('partial name 秀英 (subtree of B01)', `k.gram = '秀英' and o.path like (select path from org where code = 'B01') || '%'`, 1000, true),
      await explain('partial name 秀英 through the GIN index (sort=name and other filters take this path)', `p.name_grams @> array['秀英']::text[]`, 1000),
      await explain(`three characters ${data.names[0]} (GIN + LIKE)`, `p.name_grams @> array['${[...data.names[0]!].slice(0, 2).join('')}','${[...data.names[0]!].slice(1, 3).join('')}']::text[] and lower(p.name) like '%${data.names[0]}%'`, 1000),
      await explain(`initials ${initials[0]}`, `k.gram = 'py:${initials[0]}'`, 1000, true),
      await explain('exact ID', `p.id_search_hash = '\\x${idHashHex}'::bytea`, 10_000),
    ];

    const md = [
      `Run ${new Date().toISOString()} — ${machineSummary()}, PostgreSQL ${pgVersion}`,
      `${PERSONS.toLocaleString('en-US')} persons loaded with COPY in ${(data.ms / 1000).toFixed(1)} s (+ vacuum analyze ${(data.analyzeMs / 1000).toFixed(1)} s); party ${JSON.stringify(size)}`,
      '',
      '| scenario | scope | load | req/s | p50 ms | **p95 ms** | p99 ms | max ms | errors | matches per query |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...runs.map((r) => `| ${r.name} | ${r.scope} | ${r.load} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | **${ms(r.p95)}** | ${ms(r.p99)} | ${ms(r.max)} | ${r.errors} | ${r.hits} |`),
    ].join('\n');
    console.log(`\n${md}\n`);
    console.log(plans.join('\n\n'));
  } finally {
    await client?.end().catch(() => {});
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
