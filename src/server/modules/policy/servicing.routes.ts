// HTTP face of 保全, the renewal queue and the claim history (docs/api-policy.md). Thin: parse → service → answer.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ENDORSEMENT_ITEMS, ENDORSEMENT_STATES, PROPOSAL_STATES, type EndorsementInput, type PaymentInput } from '../../../contracts/policy';
import { sendXlsx, shanghaiDateTime, toXlsx } from '../../platform/excel';
import { ctxOf } from '../../platform/http/auth';
import { errorResponses } from '../../platform/http/schemas';
import type { PolicyServices } from './index';
import * as S from './servicing.schemas';

const tags = ['policy-servicing'];
const r200 = <T extends TSchema>(t: T) => ({ 200: t, ...errorResponses });

export function servicingRoutes(services: PolicyServices) {
  const { servicing, renewals } = services;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/policies/:id/endorsements/trial', { schema: { tags, summary: '保全试算（不做任何变更）', params: S.IdParams, body: S.EndorsementInputSchema, response: r200(S.EndorsementTrialSchema) } }, async (req) =>
      servicing.trial(ctxOf(req), req.params.id, req.body as EndorsementInput),
    );
    app.post('/policies/:id/endorsements', { schema: { tags, summary: '保全申请（带试算金额确认）', params: S.IdParams, body: S.EndorsementRequestSchema, response: { 201: S.EndorsementDetailSchema, ...errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await servicing.request(ctxOf(req), req.params.id, req.body as EndorsementInput & { expectedAmount: string })),
    );
    app.get('/endorsements', { schema: { tags, summary: '保全列表', querystring: S.EndorsementListQuery, response: r200(S.EndorsementPageSchema) } }, async (req) => servicing.list(ctxOf(req), req.query));
    app.get('/endorsements/export', { schema: { tags, summary: '导出保全记录（Excel）', querystring: S.EndorsementListQuery } }, async (req, reply) => {
      const ctx = ctxOf(req);
      const rows = await servicing.exportRows(ctx, req.query);
      const zh = ctx.lang === 'zh';
      const body = await toXlsx(zh ? '保全' : 'Servicing', [
        { header: zh ? '保全批单号' : 'Endorsement no.', value: (r) => r.endorsementNo, width: 18 },
        { header: zh ? '保单号' : 'Policy no.', value: (r) => r.policyNo, width: 32 },
        { header: zh ? '保全项目' : 'Item', value: (r) => ENDORSEMENT_ITEMS[r.item][ctx.lang], width: 18 },
        { header: zh ? '状态' : 'State', value: (r) => ENDORSEMENT_STATES[r.state][ctx.lang], width: 12 },
        { header: zh ? '生效日期' : 'Effective', value: (r) => r.effectiveDate, width: 12 },
        { header: zh ? '收付方向' : 'Direction', value: (r) => (r.direction === 'PAYABLE' ? (zh ? '应付' : 'Payable') : r.direction === 'RECEIVABLE' ? (zh ? '应收' : 'Receivable') : ''), width: 10 },
        { header: zh ? '金额' : 'Amount', value: (r) => r.amount, width: 14 },
        { header: zh ? '申请人' : 'Requested by', value: (r) => r.requestedBy.name, width: 12 },
        { header: zh ? '申请时间' : 'Requested at', value: (r) => shanghaiDateTime(r.requestedAt), width: 20 },
        { header: zh ? '审批人' : 'Decided by', value: (r) => r.decidedBy?.name ?? '', width: 12 },
      ], rows);
      return sendXlsx(reply, zh ? '保全记录.xlsx' : 'endorsements.xlsx', body);
    });
    app.get('/endorsements/:id', { schema: { tags, summary: '保全详情', params: S.IdParams, response: r200(S.EndorsementDetailSchema) } }, async (req) => servicing.get(ctxOf(req), req.params.id));
    app.post('/endorsements/:id/approve', { schema: { tags, summary: '保全审批通过（生效）', params: S.IdParams, body: S.DecisionBody, response: r200(S.EndorsementDetailSchema) } }, async (req) =>
      servicing.approve(ctxOf(req), req.params.id, req.body.note ?? null),
    );
    app.post('/endorsements/:id/reject', { schema: { tags, summary: '保全审批不通过', params: S.IdParams, body: S.RejectBody, response: r200(S.EndorsementDetailSchema) } }, async (req) =>
      servicing.reject(ctxOf(req), req.params.id, req.body.note),
    );
    app.post('/endorsements/:id/withdraw', { schema: { tags, summary: '撤销保全申请', params: S.IdParams, response: r200(S.EndorsementDetailSchema) } }, async (req) => servicing.withdraw(ctxOf(req), req.params.id));
    app.post('/endorsements/:id/payments', { schema: { tags, summary: '登记保全退费/补费', params: S.IdParams, body: S.PaymentBody, response: r200(S.EndorsementDetailSchema) } }, async (req) =>
      servicing.recordPayment(ctxOf(req), req.params.id, req.body as PaymentInput),
    );

    app.get('/renewals', { schema: { tags, summary: '续保队列', querystring: S.RenewalListQuery, response: r200(S.RenewalPageSchema) } }, async (req) => renewals.list(ctxOf(req), req.query));
    app.get('/renewals/export', { schema: { tags, summary: '导出续保清单（Excel）', querystring: S.RenewalListQuery } }, async (req, reply) => {
      const ctx = ctxOf(req);
      const rows = await renewals.exportRows(ctx, req.query);
      const zh = ctx.lang === 'zh';
      const body = await toXlsx(zh ? '续保' : 'Renewals', [
        { header: zh ? '保单号' : 'Policy no.', value: (r) => r.policy.policyNo, width: 32 },
        { header: zh ? '产品' : 'Product', value: (r) => r.policy.product.name, width: 20 },
        { header: zh ? '投保人' : 'Policyholder', value: (r) => r.policy.policyholder.name, width: 14 },
        { header: zh ? '号牌号码' : 'Plate', value: (r) => r.policy.plateNo, width: 12 },
        { header: zh ? '终止日期' : 'Expires', value: (r) => r.policy.endDate, width: 12 },
        { header: zh ? '剩余天数' : 'Days left', value: (r) => r.daysToExpiry, width: 10 },
        { header: zh ? '上年保费' : 'Previous premium', value: (r) => r.previousPremium, width: 14 },
        { header: zh ? '本期出险次数' : 'Claims', value: (r) => r.claimsInPeriod, width: 12 },
        { header: zh ? '续保投保单号' : 'Renewal proposal', value: (r) => r.renewalProposal?.proposalNo ?? '', width: 18 },
        { header: zh ? '续保投保单状态' : 'Proposal state', value: (r) => (r.renewalProposal ? PROPOSAL_STATES[r.renewalProposal.state][ctx.lang] : ''), width: 14 },
        { header: zh ? '续保保费' : 'Renewal premium', value: (r) => r.renewalProposal?.premium ?? '', width: 14 },
      ], rows);
      return sendXlsx(reply, zh ? '续保清单.xlsx' : 'renewals.xlsx', body);
    });
    app.post('/renewals/run', { schema: { tags, summary: '立即生成到期保单的续保投保单', response: r200(S.RenewalRunSchema) } }, async (req) => renewals.run(ctxOf(req)));

    app.get('/policies/:id/claim-records', { schema: { tags, summary: '保单出险记录', params: S.IdParams, response: r200(S.ClaimRecordListSchema) } }, async (req) => renewals.claimRecords(ctxOf(req), req.params.id));
    app.post('/policies/:id/claim-records', { schema: { tags, summary: '登记出险记录（续保费率浮动依据）', params: S.IdParams, body: S.ClaimRecordBody, response: { 201: S.ClaimRecordListSchema, ...errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await renewals.addClaimRecord(ctxOf(req), req.params.id, req.body)),
    );
  };
}
