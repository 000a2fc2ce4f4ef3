// HTTP face of the party module. Identity checks are a validation utility: any signed-in user may
// call them (default route access), no permission and no audit — nothing is stored or revealed.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { shanghaiDate } from '../../platform/clock';
import { errorResponses } from '../../platform/http/schemas';
import { checkResidentId, checkUscc } from './identity';
import type { PartyDeps } from './index';
import * as S from './schemas';

const tags = ['parties'];

export async function partyRoutes(fastify: FastifyInstance, deps: PartyDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const today = () => shanghaiDate(deps.clock.now());

  app.get('/parties/id-check', { schema: { tags, summary: '校验证件号码（居民身份证）', querystring: S.IdCheckQuery, response: { 200: S.IdCheckResultSchema, ...errorResponses } } }, async (req) => {
    // "Not in the future" is judged on the Chinese business calendar, not the server's zone.
    return checkResidentId(req.query.number, today());
  });

  app.get('/parties/uscc-check', { schema: { tags, summary: '校验统一社会信用代码', querystring: S.UsccCheckQuery, response: { 200: S.UsccCheckResultSchema, ...errorResponses } } }, async (req) => {
    return checkUscc(req.query.code);
  });
}
