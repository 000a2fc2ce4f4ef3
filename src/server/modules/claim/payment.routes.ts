// HTTP face of the claim module's payment area (docs/api-claim.md). Thin: parse → service → answer.
// Claim actions (结案/注销/重开) answer the claim's detail, as every claim action does.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { PaymentInput } from '../../../contracts/claim';
import { ctxOf } from '../../platform/http/auth';
import { errorResponses } from '../../platform/http/schemas';
import { IDEMPOTENCY_HEADER } from '../../platform/idempotency';
import type { ClaimServices } from './index';
import * as S from './payment.schemas';
import { ClaimDetailSchema, ClaimIdParams, ClaimPaymentSchema } from './report.schemas';

const tags = ['claim-payment'];
const r200 = <T extends TSchema>(t: T) => ({ 200: t, ...errorResponses });

export function paymentRoutes(services: ClaimServices) {
  const { claims, payments, kpis } = services;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/claims/:id/payments',
      { schema: { tags, summary: '登记赔款支付（须带 Idempotency-Key，重试不会重复支付）', params: ClaimIdParams, headers: S.IdempotencyHeaders, body: S.PaymentBody, response: { 201: ClaimPaymentSchema, ...errorResponses } } },
      async (req, reply) => {
        const answer = await payments.create(ctxOf(req), req.params.id, req.headers[IDEMPOTENCY_HEADER] as string | undefined, req.body as PaymentInput);
        return reply.status(answer.status).send(answer.body);
      },
    );
    app.post('/claim-payments/:pid/paid', { schema: { tags, summary: '确认赔款已支付', params: S.PaymentIdParams, body: S.PaidBody, response: r200(ClaimPaymentSchema) } }, async (req) =>
      payments.markPaid(ctxOf(req), req.params.pid, req.body),
    );
    app.post('/claim-payments/:pid/cancel', { schema: { tags, summary: '取消待支付的赔款', params: S.PaymentIdParams, body: S.ReasonBody, response: r200(ClaimPaymentSchema) } }, async (req) =>
      payments.cancel(ctxOf(req), req.params.pid, req.body.reason),
    );
    app.get('/claim-payments', { schema: { tags, summary: '赔款支付工作台', querystring: S.PaymentListQuery, response: r200(S.PaymentPageSchema) } }, async (req) => payments.list(ctxOf(req), req.query));

    app.post('/claims/:id/close', { schema: { tags, summary: '结案', params: ClaimIdParams, response: r200(ClaimDetailSchema) } }, async (req) => {
      await payments.close(ctxOf(req), req.params.id);
      return claims.get(ctxOf(req), req.params.id);
    });
    app.post('/claims/:id/withdraw', { schema: { tags, summary: '注销赔案', params: ClaimIdParams, body: S.ReasonBody, response: r200(ClaimDetailSchema) } }, async (req) => {
      await payments.withdraw(ctxOf(req), req.params.id, req.body.reason);
      return claims.get(ctxOf(req), req.params.id);
    });
    app.post('/claims/:id/reopen', { schema: { tags, summary: '重开赔案', params: ClaimIdParams, body: S.ReopenBody, response: r200(ClaimDetailSchema) } }, async (req) => {
      await payments.reopen(ctxOf(req), req.params.id, req.body);
      return claims.get(ctxOf(req), req.params.id);
    });

    app.get('/claim-reviews', { schema: { tags, summary: '结案质检队列', querystring: S.ReviewListQuery, response: r200(S.ClaimReviewListSchema) } }, async (req) => ({
      items: await payments.listReviews(ctxOf(req), req.query),
    }));
    app.post('/claim-reviews/:id/complete', { schema: { tags, summary: '完成结案质检', params: S.ReviewIdParams, body: S.ReviewCompleteBody, response: r200(S.ClaimReviewSchema) } }, async (req) =>
      payments.completeReview(ctxOf(req), req.params.id, req.body),
    );

    app.get('/claims/kpis', { schema: { tags, summary: '理赔看板指标', querystring: S.KpiQuery, response: r200(S.ClaimKpisSchema) } }, async (req) => kpis.kpis(ctxOf(req), req.query));
  };
}
