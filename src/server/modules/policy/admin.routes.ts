// HTTP face of the policy module's configuration (policy:configure). Thin: parse → service → answer.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ProductLine } from '../../../contracts/product';
import { ctxOf } from '../../platform/http/auth';
import { errorResponses } from '../../platform/http/schemas';
import * as S from './admin.schemas';
import type { PolicyServices } from './index';

const tags = ['policy-configuration'];
const r200 = <T extends TSchema>(t: T) => ({ 200: t, ...errorResponses });

export function adminRoutes(services: PolicyServices) {
  const { admin } = services;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/proposal-number-ranges', { schema: { tags, summary: '投保单号段列表', querystring: S.RangeListQuery, response: r200(S.RangePageSchema) } }, async (req) => admin.listRanges(ctxOf(req), req.query));
    app.post('/proposal-number-ranges', { schema: { tags, summary: '新建投保单号段', body: S.RangeInputSchema, response: { 201: S.RangeSchema, ...errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await admin.createRange(ctxOf(req), req.body)),
    );
    app.post('/proposal-number-ranges/:id/close', { schema: { tags, summary: '停用投保单号段', params: S.RangeIdParams, response: r200(S.RangeSchema) } }, async (req) => admin.closeRange(ctxOf(req), req.params.id));

    app.get('/underwriting-authorities', { schema: { tags, summary: '核保权限列表', querystring: S.AuthorityListQuery, response: r200(S.AuthorityPageSchema) } }, async (req) => admin.listAuthorities(ctxOf(req), req.query));
    app.put('/underwriting-authorities', { schema: { tags, summary: '设置核保权限（按险种的保额上限）', body: S.AuthorityInputSchema, response: r200(S.AuthoritySchema) } }, async (req) => admin.putAuthority(ctxOf(req), req.body as { userId: string; line: ProductLine; maxSumAssured: string }));

    app.get('/policy-settings/:key', { schema: { tags, summary: '保单参数（核保规则、保全、续保）', params: S.SettingKeyParams, response: r200(S.SettingSchema) } }, async (req) => (await admin.getSetting(ctxOf(req), req.params.key)) as unknown as Record<string, unknown>);
    app.put('/policy-settings/:key', { schema: { tags, summary: '修改保单参数（逐项校验，留痕）', params: S.SettingKeyParams, body: S.SettingBody, response: r200(S.SettingSchema) } }, async (req) =>
      (await admin.putSetting(ctxOf(req), req.params.key, req.body)) as unknown as Record<string, unknown>,
    );
  };
}
