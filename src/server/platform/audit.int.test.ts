import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness';
import { verifyAuditChain, writeAudit, writeAudits } from './audit';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const actor = { userId: null, username: 'tester', orgId: null, roles: null, ip: '127.0.0.1', requestId: 'r' };

/** Tampering as a database superuser would: triggers bypassed. */
async function tamper(statement: string) {
  await env.db.connection().execute(async (conn) => {
    await sql`set session_replication_role = replica`.execute(conn);
    await sql.raw(statement).execute(conn);
    await sql`set session_replication_role = origin`.execute(conn);
  });
}

async function cliVerify() {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'audit:verify'], { cwd: root, env: { ...process.env, DATABASE_URL: env.url } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe('tamper-evident audit log', () => {
  beforeEach(async () => {
    // A fresh chain of 5 events for each case.
    await env.db.connection().execute(async (conn) => {
      await sql`set session_replication_role = replica`.execute(conn);
      await sql`delete from audit_event`.execute(conn);
      await sql`update audit_head set last_seq = 0, last_hash = repeat('0', 64)`.execute(conn);
      await sql`select setval('audit_event_seq', 1, false)`.execute(conn);
      await sql`set session_replication_role = origin`.execute(conn);
    });
    for (let i = 1; i <= 5; i++) await writeAudit(env.db, actor, { action: 'test.event', objectId: String(i), after: { n: i, nested: { b: 'x', a: [1, 2] } } }, new Date(Date.UTC(2026, 10, 24, 2, 0, i)));
  });

  it('rejects UPDATE and DELETE through the normal path', async () => {
    await expect(sql`update audit_event set username = 'mallory' where seq = 2`.execute(env.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_event where seq = 2`.execute(env.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_event`.execute(env.db)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(env.db)).ok).toBe(true);
  });

  it('audit:verify exits 0 on an intact chain', async () => {
    const r = await cliVerify();
    expect(r.code).toBe(0);
    expect(r.out).toContain('5 events verified');
  });

  it('audit:verify exits non-zero naming the first altered row', async () => {
    await tamper(`update audit_event set after = '{"n": 99}' where seq = 3`);
    const r = await cliVerify();
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('seq 3');
    expect(await verifyAuditChain(env.db)).toMatchObject({ ok: false, firstBadSeq: '3', checked: 2 });
  });

  it('audit:verify names where a row was deleted from the middle', async () => {
    await tamper('delete from audit_event where seq = 2');
    const r = await cliVerify();
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('seq 3');
    expect(await verifyAuditChain(env.db)).toMatchObject({ ok: false, firstBadSeq: '3', checked: 1, problem: expect.stringContaining('第 1 条之后') });
  });

  it('detects a deleted last row (the head remembers the tail)', async () => {
    await tamper('delete from audit_event where seq = 5');
    expect(await verifyAuditChain(env.db)).toMatchObject({ ok: false, firstBadSeq: '4', problem: expect.stringContaining('tail deleted after seq 4') });
  });

  it('detects a row moved to another chain', async () => {
    await tamper('update audit_event set chain = 2, chain_seq = 1 where seq = 5');
    expect(await verifyAuditChain(env.db)).toMatchObject({ ok: false });
  });

  it('detects a row inserted out of band', async () => {
    await tamper(`insert into audit_event (seq, id, occurred_at, action, outcome, prev_hash, hash, chain, chain_seq)
      select 6, gen_random_uuid(), now(), 'forged', 'SUCCESS', hash, repeat('a', 64), chain, chain_seq + 1 from audit_event where seq = 5`);
    const r = await cliVerify();
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('seq 6');
  });

  it('lets concurrent writers use several chains, each gapless, and keeps one transaction on one chain', async () => {
    // Five transactions held open at once cannot share a chain: each must take its own.
    const release: (() => void)[] = [];
    const held = Array.from({ length: 5 }, (_, i) =>
      env.db.transaction().execute(async (trx) => {
        await writeAudit(trx, actor, { action: 'test.concurrent', objectId: `a${i}` }, new Date());
        await new Promise<void>((resolve) => release.push(resolve));
        await writeAudit(trx, actor, { action: 'test.concurrent', objectId: `b${i}` }, new Date());
      }),
    );
    while (release.length < 5) await new Promise((r) => setTimeout(r, 10));
    release.forEach((r) => r());
    await Promise.all(held);
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeAudit(env.db, actor, { action: 'test.concurrent', objectId: String(i) }, new Date())));
    expect(await verifyAuditChain(env.db)).toMatchObject({ ok: true, checked: 35 });
    const pairs = await sql<{ chains: number }>`select count(distinct chain)::int as chains from audit_event where action = 'test.concurrent' and object_id like '_%' and object_id ~ '^[ab]' group by substr(object_id, 2)`.execute(env.db);
    expect(pairs.rows.every((p) => p.chains === 1)).toBe(true);
    const used = await sql<{ n: number }>`select count(distinct chain)::int as n from audit_event where object_id ~ '^a'`.execute(env.db);
    expect(used.rows[0]!.n).toBe(5);
  });

  it('writes several events of one transaction in one insert, in order, each linked and verifiable', async () => {
    await env.db.transaction().execute(async (trx) => {
      await writeAudit(trx, actor, { action: 'test.batch', objectId: 'first' }, new Date());
      await writeAudits(trx, actor, ['x', 'y', 'z'].map((o) => ({ action: 'test.batch', objectId: o, details: { o } })), new Date());
    });
    const rows = await env.db.selectFrom('audit_event').select(['object_id', 'chain', 'chain_seq', 'seq']).where('action', '=', 'test.batch').orderBy('chain_seq').execute();
    expect(rows.map((r) => r.object_id)).toEqual(['first', 'x', 'y', 'z']);
    expect(new Set(rows.map((r) => r.chain)).size).toBe(1);
    expect(rows.map((r) => Number(r.chain_seq) - Number(rows[0]!.chain_seq))).toEqual([0, 1, 2, 3]);
    expect(rows.map((r) => BigInt(r.seq)).every((s, i, a) => i === 0 || s > a[i - 1]!)).toBe(true);
    expect(await verifyAuditChain(env.db)).toMatchObject({ ok: true, checked: 9 });
    // And tampering with the middle one of the batch is named.
    const y = await env.db.selectFrom('audit_event').select('seq').where('object_id', '=', 'y').executeTakeFirstOrThrow();
    await tamper(`update audit_event set details = '{"o":"Y"}' where object_id = 'y'`);
    expect(await verifyAuditChain(env.db)).toMatchObject({ ok: false, firstBadSeq: y.seq });
  });
});
