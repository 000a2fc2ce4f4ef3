// HTTP face of the claim module's task area (docs/api-claim.md, task.*). Thin: parse → service → answer.
// Uploads: the request body is the file itself; its plugin reads it against the size cap in force
// (claim settings, so a change applies without a restart) and refuses other types before reading.
import type { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance } from 'fastify';
import { sendDownload } from '../../platform/excel';
import { ctxOf } from '../../platform/http/auth';
import { errorResponses, ErrorBodySchema } from '../../platform/http/schemas';
import type { ClaimServices } from './index';
import { taskErrors } from './task.errors';
import * as S from './task.schemas';

const tags = ['claim-tasks'];
const ok = <T extends TSchema>(t: T) => ({ 200: t, ...errorResponses });
const Task = ok(S.ClaimTaskSchema);

/** The declared media type without parameters, lower case. */
const essence = (contentType: string | undefined) => contentType?.split(';')[0]!.trim().toLowerCase() || null;

/** The body, refused with 413 as soon as it exceeds `maxBytes` (reading stops there). */
function readLimited(payload: Readable, declaredLength: number, maxBytes: number): Promise<Buffer> {
  if (declaredLength > maxBytes) return Promise.reject(taskErrors.documentTooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      payload.off('data', onData);
      payload.off('end', onEnd);
      payload.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      done();
      payload.pause();
      reject(taskErrors.documentTooLarge(maxBytes));
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}

export function taskRoutes(services: ClaimServices) {
  const svc = services.tasks;

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const params = S.TaskIdParams;

    app.post('/claims/:id/tasks', { schema: { tags, summary: '调度查勘/定损/人伤任务', params: S.ClaimIdParams, body: S.DispatchBody, response: { 201: S.ClaimTaskSchema, ...errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await svc.dispatch(ctxOf(req), req.params.id, req.body)),
    );
    app.get('/claim-tasks', { schema: { tags, summary: '查勘定损任务列表（默认：分配给我的）', querystring: S.TaskListQuery, response: ok(S.ClaimTaskPageSchema) } }, async (req) => svc.list(ctxOf(req), req.query));
    app.get('/claim-tasks/:id', { schema: { tags, summary: '查勘定损任务', params, response: Task } }, async (req) => svc.get(ctxOf(req), req.params.id));
    app.put('/claim-tasks/:id', { schema: { tags, summary: '录入查勘意见与损失项目（处理人）', params, body: S.TaskUpdateBody, response: Task } }, async (req) => svc.update(ctxOf(req), req.params.id, req.body));
    app.post('/claim-tasks/:id/reassign', { schema: { tags, summary: '改派任务', params, body: S.ReassignBody, response: Task } }, async (req) => svc.reassign(ctxOf(req), req.params.id, req.body));
    app.post('/claim-tasks/:id/submit', { schema: { tags, summary: '提交查勘定损结果', params, response: Task } }, async (req) => svc.submit(ctxOf(req), req.params.id));
    app.post('/claim-tasks/:id/review', { schema: { tags, summary: '核价核损（审核通过或退回）', params, body: S.ReviewBody, response: Task } }, async (req) => svc.review(ctxOf(req), req.params.id, req.body));
    app.post('/claim-tasks/:id/cancel', { schema: { tags, summary: '撤销任务', params, body: S.CancelBody, response: Task } }, async (req) => svc.cancel(ctxOf(req), req.params.id, req.body.reason));
    app.get('/claims/:id/documents/:docId', { schema: { tags, summary: '下载理赔资料', params: S.DocumentParams } }, async (req, reply) => {
      const file = await svc.download(ctxOf(req), req.params.id, req.params.docId);
      return sendDownload(reply, file.mime, file.fileName, file.content, `document${file.fileName.match(/\.[a-z]+$/i)?.[0] ?? ''}`);
    });

    // The upload in a scope of its own: every content type reaches the one parser below.
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      // A Content-Type header Fastify cannot parse at all is refused like any other type (the app's handler answers).
      scope.setErrorHandler(async (err: FastifyError) => {
        throw err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? taskErrors.documentType(null, (await svc.documentRules()).types) : err;
      });
      scope.addContentTypeParser('*', async (req: { headers: Record<string, string | string[] | undefined> }, payload: Readable) => {
        const rules = await svc.documentRules();
        const declared = essence(req.headers['content-type'] as string | undefined);
        if (!declared || !rules.types.includes(declared)) throw taskErrors.documentType(declared, rules.types);
        return readLimited(payload, Number(req.headers['content-length']), rules.maxBytes);
      });
      scope.withTypeProvider<TypeBoxTypeProvider>().post(
        '/claims/:id/documents',
        {
          schema: {
            tags,
            summary: '上传理赔资料（请求体即文件：JPEG、PNG 或 PDF）',
            params: S.ClaimIdParams,
            querystring: S.UploadQuery,
            response: { 201: S.ClaimDocumentSchema, ...errorResponses, 413: ErrorBodySchema, 415: ErrorBodySchema },
          },
        },
        async (req, reply) => {
          const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          return reply.status(201).send(await svc.upload(ctxOf(req), req.params.id, req.query, { bytes, mime: essence(req.headers['content-type']) }));
        },
      );
    });
  };
}
