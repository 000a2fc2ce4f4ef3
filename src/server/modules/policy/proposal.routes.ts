// HTTP face of the new-business pipeline (docs/api-policy.md, Proposals); thin: parse → service → answer.
import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { PROPOSAL_STATES, type PaymentInput, type ProposalInput, type ProposalUpdate, type UnderwriteInput } from '../../../contracts/policy';
import { CHANNELS, PRODUCT_LINES } from '../../../contracts/product';
import { sendXlsx, shanghaiDateTime, toXlsx } from '../../platform/excel';
import { ctxOf } from '../../platform/http/auth';
import { errorResponses } from '../../platform/http/schemas';
import type { PolicyServices } from './index';
import * as S from './proposal.schemas';

const tags = ['proposals'];
const ok = <T extends TSchema>(t: T) => ({ 200: t, ...errorResponses });
const Detail = ok(S.ProposalDetailSchema);

export function proposalRoutes(services: PolicyServices) {
  const svc = services.proposals;

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const params = S.ProposalIdParams;

    app.post('/proposals', { schema: { tags, summary: '投保单编号登记（可同时录入）', body: S.ProposalInputSchema, response: { 201: S.ProposalDetailSchema, ...errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await svc.create(ctxOf(req), req.body as ProposalInput)),
    );
    app.get('/proposals', { schema: { tags, summary: '投保单列表', querystring: S.ProposalListQuery, response: ok(S.ProposalPageSchema) } }, async (req) => svc.list(ctxOf(req), req.query));
    app.get('/proposals/export', { schema: { tags, summary: '导出投保单（Excel）', querystring: S.ProposalListQuery } }, async (req, reply) => {
      const ctx = ctxOf(req);
      const rows = await svc.exportRows(ctx, req.query);
      const zh = ctx.lang === 'zh';
      const body = await toXlsx(zh ? '投保单' : 'Proposals', [
        { header: zh ? '投保单号' : 'Proposal no.', value: (r) => r.proposalNo, width: 18 },
        { header: zh ? '状态' : 'State', value: (r) => PROPOSAL_STATES[r.state][ctx.lang], width: 14 },
        { header: zh ? '产品' : 'Product', value: (r) => `${r.product.code} ${r.product.name}`, width: 28 },
        { header: zh ? '险种' : 'Line', value: (r) => PRODUCT_LINES[r.product.line][ctx.lang], width: 12 },
        { header: zh ? '销售渠道' : 'Channel', value: (r) => CHANNELS[r.channel][ctx.lang], width: 10 },
        { header: zh ? '出单机构' : 'Org', value: (r) => r.org.name, width: 20 },
        { header: zh ? '投保人' : 'Policyholder', value: (r) => r.policyholder?.name, width: 16 },
        { header: zh ? '被保险人' : 'Insured', value: (r) => r.insured?.name, width: 16 },
        { header: zh ? '号牌号码' : 'Plate', value: (r) => r.plateNo, width: 12 },
        { header: zh ? '保险金额' : 'Sum assured', value: (r) => r.sumAssured, width: 14 },
        { header: zh ? '保费' : 'Premium', value: (r) => r.premium, width: 12 },
        { header: zh ? '加费' : 'Extra premium', value: (r) => r.extraPremium, width: 10 },
        { header: zh ? '起保日期' : 'Start date', value: (r) => r.startDate, width: 12 },
        { header: zh ? '转人工核保' : 'Referred', value: (r) => (r.uwReferred ? (zh ? '是' : 'yes') : ''), width: 10 },
        { header: zh ? '保单号' : 'Policy no.', value: (r) => r.policy?.policyNo, width: 30 },
        { header: zh ? '登记人' : 'Registered by', value: (r) => r.registeredBy.name, width: 12 },
        { header: zh ? '登记时间' : 'Registered', value: (r) => shanghaiDateTime(r.createdAt), width: 20 },
        { header: zh ? '更新时间' : 'Updated', value: (r) => shanghaiDateTime(r.updatedAt), width: 20 },
      ], rows);
      return sendXlsx(reply, zh ? '投保单列表.xlsx' : 'proposals.xlsx', body);
    });
    app.get('/proposals/:id', { schema: { tags, summary: '投保单详情', params, response: Detail } }, async (req) => svc.get(ctxOf(req), req.params.id));
    app.put('/proposals/:id', { schema: { tags, summary: '单据录入（仅草稿）', params, body: S.ProposalUpdateSchema, response: Detail } }, async (req) =>
      svc.update(ctxOf(req), req.params.id, req.body as ProposalUpdate),
    );
    app.post('/proposals/:id/check', { schema: { tags, summary: '试校验（不改变投保单）', params, response: ok(S.CheckResultSchema) } }, async (req) => svc.check(ctxOf(req), req.params.id));
    app.post('/proposals/:id/submit', { schema: { tags, summary: '提交校验', params, response: Detail } }, async (req) => svc.submit(ctxOf(req), req.params.id));
    app.post('/proposals/:id/validate', { schema: { tags, summary: '单据校验（通过后计算保费并自动核保）', params, response: Detail } }, async (req) => svc.validate(ctxOf(req), req.params.id));
    app.post('/proposals/:id/underwrite', { schema: { tags, summary: '人工核保（在核保权限内）', params, body: S.UnderwriteInputSchema, response: Detail } }, async (req) =>
      svc.underwrite(ctxOf(req), req.params.id, req.body as UnderwriteInput),
    );
    app.post('/proposals/:id/accept-conditions', { schema: { tags, summary: '接受承保条件', params, response: Detail } }, async (req) => svc.acceptConditions(ctxOf(req), req.params.id));
    app.post('/proposals/:id/reject-conditions', { schema: { tags, summary: '不接受承保条件（撤回）', params, body: Type.Optional(Type.Object({ reason: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 500 })])) }, { additionalProperties: false })), response: Detail } }, async (req) =>
      svc.rejectConditions(ctxOf(req), req.params.id, req.body?.reason?.trim() || null),
    );
    app.post('/proposals/:id/request-payment', { schema: { tags, summary: '生成应收保费', params, response: Detail } }, async (req) => svc.requestPayment(ctxOf(req), req.params.id));
    app.post('/proposals/:id/payments', { schema: { tags, summary: '登记收费', params, body: S.PaymentInputSchema, response: Detail } }, async (req) =>
      svc.recordPayment(ctxOf(req), req.params.id, req.body as PaymentInput),
    );
    app.post('/proposals/:id/issue', { schema: { tags, summary: '出单', params, body: Type.Optional(S.IssueBody), response: { 201: S.IssueResultSchema, ...errorResponses } } }, async (req, reply) => {
      const ctx = ctxOf(req);
      const { proposal, policyId } = await svc.issue(ctx, req.params.id, req.body ?? {});
      return reply.status(201).send({ proposal, policy: await services.policies.get(ctx, policyId) });
    });
    app.post('/proposals/:id/withdraw', { schema: { tags, summary: '撤回投保单', params, body: S.ReasonBody, response: Detail } }, async (req) =>
      svc.withdraw(ctxOf(req), req.params.id, req.body.reason),
    );
    app.get('/underwriting/queue', { schema: { tags: ['underwriting'], summary: '核保队列（在核保权限内的转人工投保单）', querystring: S.QueueQuery, response: ok(S.ProposalPageSchema) } }, async (req) =>
      svc.queue(ctxOf(req), req.query),
    );
  };
}
