// HTTP face of the claim module's report area (docs/api-claim.md, report.*). Thin: parse → service → answer.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CLAIM_STATES, DUPLICATE_STATES, LOSS_CAUSES, REPORT_CHANNELS, type ClaimReportInput } from '../../../contracts/claim';
import { PRODUCT_LINES } from '../../../contracts/product';
import { sendXlsx, shanghaiDateTime, toXlsx } from '../../platform/excel';
import { ctxOf } from '../../platform/http/auth';
import { errorResponses } from '../../platform/http/schemas';
import type { ClaimServices } from './index';
import * as S from './report.schemas';

const tags = ['claims'];
const ok = <T extends TSchema>(t: T) => ({ 200: t, ...errorResponses });
const Detail = ok(S.ClaimDetailSchema);
const params = S.ClaimIdParams;

export function reportRoutes(services: ClaimServices) {
  const svc = services.claims;

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/claims/policies', { schema: { tags, summary: '报案查询保单（保单号、车牌号、证件号、姓名）', querystring: S.PolicySearchQuery, response: ok(Type.Array(S.ReportablePolicySchema)) } }, async (req) =>
      svc.searchPolicies(ctxOf(req), req.query),
    );
    app.post('/claims', { schema: { tags, summary: '报案登记', body: S.ReportBody, response: { 201: S.ClaimDetailSchema, ...errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await svc.report(ctxOf(req), req.body as ClaimReportInput)),
    );
    app.get('/claims', { schema: { tags, summary: '赔案工作台（待处理赔案列表）', querystring: S.ClaimListQuery, response: ok(S.ClaimPageSchema) } }, async (req) => svc.list(ctxOf(req), req.query));
    app.get('/claims/export', { schema: { tags, summary: '导出赔案（Excel）', querystring: S.ClaimListQuery } }, async (req, reply) => {
      const ctx = ctxOf(req);
      const rows = await svc.exportRows(ctx, req.query);
      const zh = ctx.lang === 'zh';
      const body = await toXlsx(zh ? '赔案' : 'Claims', [
        { header: zh ? '报案号' : 'Claim no.', value: (r) => r.claimNo, width: 26 },
        { header: zh ? '状态' : 'State', value: (r) => CLAIM_STATES[r.state][ctx.lang], width: 10 },
        { header: zh ? '保单号' : 'Policy no.', value: (r) => r.policy.policyNo, width: 32 },
        { header: zh ? '产品' : 'Product', value: (r) => r.policy.productName, width: 20 },
        { header: zh ? '险种' : 'Line', value: (r) => PRODUCT_LINES[r.policy.line][ctx.lang], width: 12 },
        { header: zh ? '号牌号码' : 'Plate', value: (r) => r.policy.plateNo, width: 12 },
        { header: zh ? '被保险人' : 'Insured', value: (r) => r.insuredName, width: 14 },
        { header: zh ? '机构' : 'Org', value: (r) => r.org.name, width: 20 },
        { header: zh ? '出险日期' : 'Loss date', value: (r) => r.lossDate, width: 12 },
        { header: zh ? '出险地点' : 'Loss place', value: (r) => r.lossPlace, width: 28 },
        { header: zh ? '出险原因' : 'Cause', value: (r) => LOSS_CAUSES[r.lossCause][ctx.lang], width: 10 },
        { header: zh ? '报案方式' : 'Channel', value: (r) => REPORT_CHANNELS[r.channel][ctx.lang], width: 10 },
        { header: zh ? '经办人' : 'Handler', value: (r) => r.handler.name, width: 12 },
        { header: zh ? '重复报案' : 'Duplicate', value: (r) => (r.duplicateState === 'NONE' ? '' : DUPLICATE_STATES[r.duplicateState][ctx.lang]), width: 14 },
        { header: zh ? '未决估损' : 'Outstanding reserve', value: (r) => r.outstandingReserve, width: 14 },
        { header: zh ? '核赔金额' : 'Approved', value: (r) => r.approvedAmount, width: 14 },
        { header: zh ? '已付金额' : 'Paid', value: (r) => r.paidAmount, width: 14 },
        { header: zh ? '报案时间' : 'Reported', value: (r) => shanghaiDateTime(r.reportedAt), width: 20 },
        { header: zh ? '进入当前状态' : 'In state since', value: (r) => shanghaiDateTime(r.stateSince), width: 20 },
        { header: zh ? '更新时间' : 'Updated', value: (r) => shanghaiDateTime(r.updatedAt), width: 20 },
      ], rows);
      return sendXlsx(reply, zh ? '赔案列表.xlsx' : 'claims.xlsx', body);
    });
    app.get('/claims/by-no/:claimNo', { schema: { tags, summary: '按报案号查看赔案', params: S.ClaimNoParams, response: Detail } }, async (req) => svc.getByNo(ctxOf(req), req.params.claimNo));
    app.get('/claims/:id', { schema: { tags, summary: '赔案详情', params, response: Detail } }, async (req) => svc.get(ctxOf(req), req.params.id));
    app.patch('/claims/:id', { schema: { tags, summary: '修改报案信息（核赔通过前）', params, body: S.UpdateBody, response: Detail } }, async (req) => svc.update(ctxOf(req), req.params.id, req.body));
    app.post('/claims/:id/duplicate', { schema: { tags, summary: '处理疑似重复报案（关联注销或确认非重复）', params, body: S.DuplicateBody, response: Detail } }, async (req) =>
      svc.resolveDuplicate(ctxOf(req), req.params.id, req.body),
    );
    app.post('/claims/:id/register', { schema: { tags, summary: '立案（录入估损）', params, body: S.RegisterBody, response: Detail } }, async (req) => svc.register(ctxOf(req), req.params.id, req.body));
    app.post('/claims/:id/reserves', { schema: { tags, summary: '估损调整', params, body: S.ReserveBody, response: Detail } }, async (req) => svc.changeReserve(ctxOf(req), req.params.id, req.body));
  };
}
