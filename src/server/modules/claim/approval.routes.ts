// HTTP face of 理算 and 核赔 (docs/api-claim.md, area approval.*). Thin: parse → service → answer;
// every claim write answers the claim detail.
import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { CalculationInput, ClaimAuthorityInput, ClaimSettings } from '../../../contracts/claim';
import { sendDownload } from '../../platform/excel';
import { ctxOf } from '../../platform/http/auth';
import { errorResponses } from '../../platform/http/schemas';
import * as S from './approval.schemas';
import type { ClaimServices } from './index';
import { CalculationSheetSchema, ClaimDetailSchema, ClaimIdParams as params } from './report.schemas';

const tags = ['claims'];
const ok = <T extends TSchema>(t: T) => ({ 200: t, ...errorResponses });
const Detail = ok(ClaimDetailSchema);

export function approvalRoutes(services: ClaimServices) {
  const svc = services.approvals;

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const detail = (req: Parameters<typeof ctxOf>[0], id: string) => services.claims.get(ctxOf(req), id);

    app.post('/claims/:id/calculations/preview', { schema: { tags, summary: '理算试算（不保存）', params, body: S.CalculationInputSchema, response: ok(CalculationSheetSchema) } }, async (req) =>
      svc.preview(ctxOf(req), req.params.id, req.body as CalculationInput),
    );
    app.post('/claims/:id/calculations', { schema: { tags, summary: '理算（保存理算书，替代该险别损失类型的原理算书）', params, body: S.CalculationInputSchema, response: { 201: ClaimDetailSchema, ...errorResponses } } }, async (req, reply) => {
      await svc.calculate(ctxOf(req), req.params.id, req.body as CalculationInput);
      return reply.status(201).send(await detail(req, req.params.id));
    });
    app.post('/claims/:id/submit-approval', { schema: { tags, summary: '提交核赔', params, response: Detail } }, async (req) => {
      await svc.submitApproval(ctxOf(req), req.params.id);
      return detail(req, req.params.id);
    });
    app.post('/claims/:id/approve', { schema: { tags, summary: '核赔通过（在核赔权限内）', params, response: Detail } }, async (req) => {
      await svc.approve(ctxOf(req), req.params.id);
      return detail(req, req.params.id);
    });
    app.post('/claims/:id/escalate', { schema: { tags, summary: '上报上级机构核赔', params, body: Type.Optional(S.OptionalReasonBody), response: Detail } }, async (req) => {
      await svc.escalate(ctxOf(req), req.params.id, req.body?.reason?.trim() || null);
      return detail(req, req.params.id);
    });
    app.post('/claims/:id/return', { schema: { tags, summary: '核赔退回理算', params, body: S.ReasonBody, response: Detail } }, async (req) => {
      await svc.return(ctxOf(req), req.params.id, req.body.reason.trim());
      return detail(req, req.params.id);
    });
    app.post('/claims/:id/decline', { schema: { tags, summary: '拒赔（生成拒赔通知书）', params, body: S.DeclineBody, response: Detail } }, async (req) => {
      await svc.decline(ctxOf(req), req.params.id, req.body);
      return detail(req, req.params.id);
    });
    app.get('/claims/:id/decline-letter.pdf', { schema: { tags, summary: '打印拒赔通知书（PDF，留痕）', params } }, async (req, reply) => {
      const { fileName, body } = await svc.declineLetter(ctxOf(req), req.params.id);
      return sendDownload(reply, 'application/pdf', fileName, body, 'decline-letter.pdf');
    });

    app.get('/claim-approvals', { schema: { tags, summary: '核赔待办（附本人该险种核赔权限）', querystring: S.InboxQuery, response: ok(S.InboxPageSchema) } }, async (req) => svc.inbox(ctxOf(req), req.query));
    app.get('/claim-approvals/authority', { schema: { tags, summary: '本人各险种核赔权限', response: ok(S.AuthorityLinesSchema) } }, async (req) => svc.myAuthority(ctxOf(req)));

    app.get('/claim-authorities', { schema: { tags, summary: '核赔权限列表', querystring: S.AuthorityQuery, response: ok(Type.Array(S.ClaimAuthoritySchema)) } }, async (req) => svc.listAuthorities(ctxOf(req), req.query));
    app.put('/claim-authorities', { schema: { tags, summary: '设置用户或角色某险种的核赔权限', body: S.AuthorityInputSchema, response: ok(S.ClaimAuthoritySchema) } }, async (req) =>
      svc.setAuthority(ctxOf(req), req.body as ClaimAuthorityInput),
    );
    app.delete('/claim-authorities/:id', { schema: { tags, summary: '删除核赔权限', params, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
      await svc.deleteAuthority(ctxOf(req), req.params.id);
      return reply.status(204).send(null);
    });
    app.get('/claim-settings', { schema: { tags, summary: '理赔参数（拒赔原因、质检抽样、上传限制）', response: ok(S.ClaimSettingsSchema) } }, async (req) => svc.settings(ctxOf(req)));
    app.put('/claim-settings', { schema: { tags, summary: '修改理赔参数', body: S.ClaimSettingsUpdateSchema, response: ok(S.ClaimSettingsSchema) } }, async (req) =>
      svc.updateSettings(ctxOf(req), req.body as Partial<ClaimSettings>),
    );
  };
}
