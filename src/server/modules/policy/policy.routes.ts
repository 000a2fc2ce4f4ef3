// HTTP face of the policy read side (docs/api-policy.md, Policies): search, export, detail by id or
// number, the printed schedule, and a customer's policies. Thin: parse → service → answer.
import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { CHANNELS, PRODUCT_LINES } from '../../../contracts/product';
import { POLICY_STATES } from '../../../contracts/policy';
import { sendDownload, sendXlsx, shanghaiDateTime, toXlsx } from '../../platform/excel';
import { ctxOf } from '../../platform/http/auth';
import { errorResponses } from '../../platform/http/schemas';
import type { PolicyServices } from './index';
import * as S from './policy.schemas';

const tags = ['policies'];
const r200 = <T extends TSchema>(t: T) => ({ 200: t, ...errorResponses });

export function policyRoutes(services: PolicyServices) {
  const service = services.policies;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/policies', { schema: { tags, summary: '保单查询（保单号/投保人或被保险人姓名、拼音首字母、证件号码/车牌号）', querystring: S.PolicyListQuery, response: r200(S.PolicyPageSchema) } }, async (req) =>
      service.list(ctxOf(req), req.query),
    );

    app.get('/policies/export', { schema: { tags, summary: '导出保单（Excel）', querystring: S.PolicyListQuery } }, async (req, reply) => {
      const ctx = ctxOf(req);
      const rows = await service.exportRows(ctx, req.query);
      const zh = ctx.lang === 'zh';
      const body = await toXlsx(zh ? '保单' : 'Policies', [
        { header: zh ? '保单号' : 'Policy no.', value: (r) => r.policyNo, width: 32 },
        { header: zh ? '状态' : 'State', value: (r) => POLICY_STATES[r.state][ctx.lang], width: 10 },
        { header: zh ? '产品' : 'Product', value: (r) => r.product.name, width: 24 },
        { header: zh ? '险种' : 'Line', value: (r) => PRODUCT_LINES[r.product.line][ctx.lang], width: 12 },
        { header: zh ? '销售渠道' : 'Channel', value: (r) => CHANNELS[r.channel][ctx.lang], width: 10 },
        { header: zh ? '签单机构' : 'Org', value: (r) => r.org.name, width: 20 },
        { header: zh ? '投保人' : 'Policyholder', value: (r) => r.policyholder.name, width: 14 },
        { header: zh ? '被保险人' : 'Insured', value: (r) => r.insured.name, width: 14 },
        { header: zh ? '车牌号' : 'Plate', value: (r) => r.plateNo, width: 12 },
        { header: zh ? '保险金额' : 'Sum assured', value: (r) => r.sumAssured, width: 14 },
        { header: zh ? '保险费' : 'Premium', value: (r) => r.premium, width: 12 },
        { header: zh ? '起保日期' : 'Start', value: (r) => r.startDate, width: 12 },
        { header: zh ? '终止日期' : 'End', value: (r) => r.endDate ?? (zh ? '终身' : 'whole of life'), width: 12 },
        { header: zh ? '签单时间' : 'Issued', value: (r) => shanghaiDateTime(r.issuedAt), width: 20 },
      ], rows);
      return sendXlsx(reply, zh ? '保单列表.xlsx' : 'policies.xlsx', body);
    });

    app.get('/policies/by-number/:policyNo', { schema: { tags, summary: '按保单号查看保单', params: S.PolicyNoParams, response: r200(S.PolicyDetailSchema) } }, async (req) =>
      service.getByNumber(ctxOf(req), req.params.policyNo),
    );

    app.get('/policies/:id', { schema: { tags, summary: '保单详情', params: S.PolicyIdParams, response: r200(S.PolicyDetailSchema) } }, async (req) => service.get(ctxOf(req), req.params.id));

    app.get('/policies/:id/schedule.pdf', { schema: { tags, summary: '打印保险单（PDF，留痕）', params: S.PolicyIdParams } }, async (req, reply) => {
      const { fileName, body } = await service.schedulePdf(ctxOf(req), req.params.id);
      return sendDownload(reply, 'application/pdf', fileName, body, 'policy-schedule.pdf');
    });

    app.get('/parties/:id/policies', { schema: { tags, summary: '客户的保单（投保人、被保险人或受益人）', params: S.PolicyIdParams, response: r200(Type.Array(S.PolicySummarySchema)) } }, async (req) =>
      service.ofParty(ctxOf(req), req.params.id),
    );
  };
}
