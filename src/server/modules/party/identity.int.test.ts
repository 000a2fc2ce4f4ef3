import fc from 'fast-check';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestEnv, makeUser, rootOrg, signedIn, type TestEnv } from '../../../../test/harness';
import { TestClock } from '../../platform/clock';
import { createPartyModule } from './index';

let env: TestEnv;
let user: Client;
beforeAll(async () => {
  env = await createTestEnv();
  // No roles: the checks need a signed-in user, not a permission.
  const u = await makeUser(env.db, { orgId: (await rootOrg(env.db)).id, roles: [] });
  user = await signedIn(env.app, u.username);
});
afterAll(async () => env?.close());

const idCheck = (number: string) => user.get(`/api/v1/parties/id-check?type=RESIDENT_ID&number=${encodeURIComponent(number)}`);
const usccCheck = (code: string) => user.get(`/api/v1/parties/uscc-check?code=${encodeURIComponent(code)}`);

describe('GET /parties/id-check', () => {
  it('a valid number answers 200 with the normalized number, birth date, sex and province', async () => {
    for (const n of ['11010519491231002X', '11010519491231002x', '110105491231002']) {
      const res = await idCheck(n);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toStrictEqual({ valid: true, normalized: '11010519491231002X', birthDate: '1949-12-31', sex: 'F', province: '北京' });
    }
  });

  it('an invalid number answers 200 with only the reason', async () => {
    const cases: [string, string][] = [['1101051949123100', 'LENGTH'], ['1101051949123100AX', 'FORMAT'], ['99010519491231002X', 'REGION'], ['110105199902300015', 'DATE'], ['110105194912310021', 'CHECKSUM']];
    for (const [n, reason] of cases) {
      const res = await idCheck(n);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toStrictEqual({ valid: false, reason });
    }
  });

  it('judges future birth dates by the Asia/Shanghai business date of the injected clock', async () => {
    // The module on its own (no sign-in hook): app.ts passes the app clock once it calls
    // createPartyModule({ clock }); until then the module falls back to the system clock.
    const clock = new TestClock();
    const app = Fastify();
    await app.register(createPartyModule({ clock }).routes, { prefix: '/api/v1' });
    const checkAt = async (instant: string) => {
      clock.set(new Date(instant));
      return (await app.inject('/api/v1/parties/id-check?type=RESIDENT_ID&number=110105202611250016')).json();
    };
    try {
      expect(await checkAt('2026-11-24T15:59:59Z')).toStrictEqual({ valid: false, reason: 'DATE' }); // 23:59:59 in Shanghai
      // Midnight in Shanghai, still the 24th in UTC: born today is valid.
      expect(await checkAt('2026-11-24T16:00:00Z')).toMatchObject({ valid: true, birthDate: '2026-11-25', sex: 'M' });
    } finally {
      await app.close();
    }
  });

  it('an unknown type, a missing number or an unknown parameter is 400 naming the field', async () => {
    const bad = await user.get('/api/v1/parties/id-check?type=PASSPORT&number=E12345678');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'type', location: 'querystring' } });
    for (const [url, field] of [['/api/v1/parties/id-check?type=RESIDENT_ID', 'number'], ['/api/v1/parties/id-check?type=RESIDENT_ID&number=', 'number'], ['/api/v1/parties/id-check?number=110105491231002', 'type'], ['/api/v1/parties/id-check?type=RESIDENT_ID&number=1&x=1', 'x']]) {
      const res = await user.get(url!);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    }
  });
});

describe('GET /parties/uscc-check', () => {
  it('answers valid, or the reason', async () => {
    expect((await usccCheck('91350100M000100Y43')).json()).toStrictEqual({ valid: true });
    expect((await usccCheck('91350100m000100y43')).json()).toStrictEqual({ valid: true });
    expect((await usccCheck('91350100M000100Y4')).json()).toStrictEqual({ valid: false, reason: 'LENGTH' });
    expect((await usccCheck('91350100M000100Y4I')).json()).toStrictEqual({ valid: false, reason: 'FORMAT' });
    expect((await usccCheck('91350100M000100Y44')).json()).toStrictEqual({ valid: false, reason: 'CHECKSUM' });
    const missing = await user.get('/api/v1/parties/uscc-check');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'code' } });
  });
});

describe('access and robustness', () => {
  it('both checks are documented in OpenAPI under the parties tag', async () => {
    const paths = (await env.app.inject('/api/openapi.json')).json().paths;
    for (const p of ['/api/v1/parties/id-check', '/api/v1/parties/uscc-check']) expect(paths[p].get).toMatchObject({ tags: ['parties'], summary: expect.stringMatching(/校验/) });
  });

  it('signed-out callers get 401', async () => {
    const anon = new Client(env.app);
    for (const url of ['/api/v1/parties/id-check?type=RESIDENT_ID&number=11010519491231002X', '/api/v1/parties/uscc-check?code=91350100M000100Y43']) {
      const res = await anon.get(url);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('AUTH_REQUIRED');
    }
  });

  it('property: no query string, however odd, makes either check fail with 5xx', async () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ minLength: 1000, maxLength: 4000 }), fc.constantFrom('11010519491231002X', '110105491231002', '91350100M000100Y43', 'RESIDENT_ID'));
    const key = fc.oneof(fc.constantFrom('type', 'number', 'code', 'type[]', '__proto__', 'constructor', 'hasOwnProperty'), fc.string({ maxLength: 8 }));
    // Raw fragments, deliberately including malformed percent-escapes and separators.
    const raw = fc.constantFrom('%', '%zz', '%E4%B8', '%00', '%FF', '+', '&&', '==', '=', '[]', ';', '?', '%26type%3D1');
    const pair = fc.tuple(key, fc.oneof(text.map(encodeURIComponent), raw)).map(([k, v]) => `${encodeURIComponent(k)}=${v}`);
    const query = fc.oneof(fc.array(fc.oneof(pair, raw), { maxLength: 6 }).map((p) => p.join('&')), fc.tuple(text, text).map(([t, n]) => `type=${encodeURIComponent(t)}&number=${encodeURIComponent(n)}`));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('id-check', 'uscc-check'), query, async (endpoint, q) => {
        const res = await user.get(`/api/v1/parties/${endpoint}?${q}`);
        expect(res.statusCode, `${endpoint}?${q} → ${res.body}`).toBeLessThan(500);
        if (res.statusCode === 200) expect(typeof res.json().valid).toBe('boolean');
        else expect(res.json().error.code).toBe('VALIDATION_FAILED');
      }),
      { numRuns: 200 },
    );
  });
});
