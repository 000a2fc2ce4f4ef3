// HTTP face of the party module; thin: parse → service → answer. Identity checks are a validation
// utility: any signed-in user may call them (default route access), no permission and no audit —
// nothing is stored or revealed.
import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { PERSON_ID_TYPES, SEXES, type OrganizationInput, type PersonInput, type RelationshipInput, type RevealField } from '../../../contracts/party';
import { shanghaiDate, type Clock } from '../../platform/clock';
import { sendXlsx, shanghaiDateTime, toXlsx } from '../../platform/excel';
import { ctxOf } from '../../platform/http/auth';
import { sendError } from '../../platform/http/errors';
import { errorResponses } from '../../platform/http/schemas';
import { AppError } from '../../platform/errors';
import { checkResidentId, checkUscc } from './identity';
import { IMPORT_BODY_LIMIT, type createPartyImporter } from './import';
import type { PartyService } from './service';
import * as S from './schemas';

export interface PartyRouteDeps {
  clock: Clock;
  /** Absent when only the identity checks are mounted (a bare app without a database). */
  service?: PartyService;
  importer?: ReturnType<typeof createPartyImporter>;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const tags = ['parties'];

export async function partyRoutes(fastify: FastifyInstance, deps: PartyRouteDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const today = () => shanghaiDate(deps.clock.now());

  app.get('/parties/id-check', { schema: { tags, summary: '校验证件号码（居民身份证）', querystring: S.IdCheckQuery, response: { 200: S.IdCheckResultSchema, ...errorResponses } } }, async (req) => {
    // "Not in the future" is judged on the Chinese business calendar, not the server's zone.
    return checkResidentId(req.query.number, today());
  });

  app.get('/parties/uscc-check', { schema: { tags, summary: '校验统一社会信用代码', querystring: S.UsccCheckQuery, response: { 200: S.UsccCheckResultSchema, ...errorResponses } } }, async (req) => {
    return checkUscc(req.query.code);
  });

  const { service, importer } = deps;
  if (!service || !importer) return;

  // Imports arrive as the raw workbook; the parser and its 10 MB limit apply to this plugin only.
  app.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));

  const r200 = <T extends TSchema>(t: T) => ({ 200: t, ...errorResponses });

  app.post('/parties/persons', { schema: { tags, summary: '新建个人客户', body: S.PersonInputSchema, response: { 201: S.PersonDetailSchema, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await service.createPerson(ctxOf(req), req.body as PersonInput)),
  );
  app.post('/parties/organizations', { schema: { tags, summary: '新建单位客户', body: S.OrganizationInputSchema, response: { 201: S.OrganizationDetailSchema, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await service.createOrganization(ctxOf(req), req.body as OrganizationInput)),
  );
  app.get('/parties', { schema: { tags, summary: '客户列表（姓名/拼音首字母/证件号码/手机号查询）', querystring: S.PartyListQuery, response: r200(S.PartyPageSchema) } }, async (req) => service.list(ctxOf(req), req.query));
  app.get('/parties/export', { schema: { tags, summary: '导出客户（Excel，脱敏）', querystring: S.PartyListQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await service.exportRows(ctx, req.query);
    const zh = ctx.lang === 'zh';
    const idTypeLabel = (t: string) => (t === 'USCC' ? (zh ? '统一社会信用代码' : 'USCC') : PERSON_ID_TYPES[t as keyof typeof PERSON_ID_TYPES]?.[ctx.lang] ?? t);
    const body = await toXlsx(zh ? '客户' : 'Customers', [
      { header: zh ? '客户号' : 'Customer no.', value: (r) => r.partyNo, width: 14 },
      { header: zh ? '客户类型' : 'Kind', value: (r) => (r.kind === 'PERSON' ? (zh ? '个人' : 'Person') : zh ? '单位' : 'Organization'), width: 10 },
      { header: zh ? '名称' : 'Name', value: (r) => r.name, width: 24 },
      { header: zh ? '证件类型' : 'ID type', value: (r) => idTypeLabel(r.idType), width: 18 },
      { header: zh ? '证件号码' : 'ID number', value: (r) => r.idNumberMasked, width: 22 },
      { header: zh ? '性别' : 'Sex', value: (r) => (r.sex ? SEXES[r.sex][ctx.lang] : ''), width: 8 },
      { header: zh ? '出生日期' : 'Birth date', value: (r) => r.birthDate, width: 12 },
      { header: zh ? '手机号' : 'Mobile', value: (r) => r.mobileMasked, width: 14 },
      { header: zh ? '所属机构' : 'Org', value: (r) => r.orgName, width: 24 },
      { header: zh ? '创建时间' : 'Created', value: (r) => shanghaiDateTime(r.createdAt), width: 20 },
    ], rows);
    return sendXlsx(reply, zh ? '客户列表.xlsx' : 'customers.xlsx', body);
  });
  app.get('/parties/import/template', { schema: { tags, summary: '客户导入模板（Excel）' } }, async (req, reply) => {
    ctxOf(req);
    return sendXlsx(reply, '客户导入模板.xlsx', await importer.template());
  });
  app.post('/parties/import', {
    bodyLimit: IMPORT_BODY_LIMIT,
    // The platform's 413 names the 1 MB JSON limit; this route's limit is the file's.
    errorHandler: (err, req, reply) => {
      if ((err as { code?: string }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw err;
      return sendError(req, reply, new AppError('too_large', 'REQUEST_TOO_LARGE', { zh: '导入文件过大（上限 10 MB），请分批导入', en: 'import file too large (10 MB max)' }, { field: 'file', limit: IMPORT_BODY_LIMIT }));
    },
    schema: { tags, summary: '导入客户（Excel 文件为请求体；默认试导入）', querystring: S.ImportQuery, response: r200(S.ImportResultSchema) } }, async (req) =>
    importer.run(ctxOf(req), req.body, { dryRun: req.query.dryRun ?? true, acceptPartial: req.query.acceptPartial ?? false }),
  );
  app.get('/parties/import/reports/:reportId', { schema: { tags, summary: '下载导入错误报告（Excel）', params: S.ReportIdParams } }, async (req, reply) => {
    const r = await importer.report(ctxOf(req), req.params.reportId);
    return sendXlsx(reply, r.fileName, r.content);
  });
  app.get('/parties/:id', { schema: { tags, summary: '客户详情', params: S.PartyIdParams, response: r200(S.PartyDetailSchema) } }, async (req) => service.get(ctxOf(req), req.params.id));
  app.patch('/parties/persons/:id', { schema: { tags, summary: '修改个人客户', params: S.PartyIdParams, body: S.PersonPatchSchema, response: r200(S.PersonDetailSchema) } }, async (req) =>
    service.updatePerson(ctxOf(req), req.params.id, req.body as Partial<PersonInput> & { version: number }),
  );
  app.patch('/parties/organizations/:id', { schema: { tags, summary: '修改单位客户', params: S.PartyIdParams, body: S.OrganizationPatchSchema, response: r200(S.OrganizationDetailSchema) } }, async (req) =>
    service.updateOrganization(ctxOf(req), req.params.id, req.body as Partial<OrganizationInput> & { version: number }),
  );
  app.post('/parties/:id/reveal', { schema: { tags, summary: '查看完整证件号码/电话/银行账号（留痕）', params: S.PartyIdParams, body: S.RevealBody, response: r200(S.RevealResult) } }, async (req) =>
    service.reveal(ctxOf(req), req.params.id, req.body.field as RevealField, req.body.index),
  );
  app.get('/parties/:id/relationships', { schema: { tags, summary: '客户关系（双向）', params: S.PartyIdParams, response: r200(Type.Object({ items: Type.Array(S.RelationshipSchema) })) } }, async (req) => ({
    items: await service.relationships(ctxOf(req), req.params.id),
  }));
  app.post('/parties/:id/relationships', { schema: { tags, summary: '新建客户关系', params: S.PartyIdParams, body: S.RelationshipInputSchema, response: { 201: S.RelationshipSchema, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await service.addRelationship(ctxOf(req), req.params.id, req.body as RelationshipInput)),
  );
  app.post('/parties/:id/relationships/:relId/end', { schema: { tags, summary: '终止客户关系', params: S.RelIdParams, body: S.EndRelationshipBody, response: r200(S.RelationshipSchema) } }, async (req) =>
    service.endRelationship(ctxOf(req), req.params.id, req.params.relId, req.body.endDate),
  );
}
