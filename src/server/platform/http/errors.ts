// Every error leaves the server in one wire format, localized, with the request id, and never
// with a stack trace or SQL. Violated constraints map to precise codes through a registry that
// modules fill (`registerConstraint`).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, fieldLabel, isAppError, type Message } from '../errors';

export type Lang = 'zh' | 'en';

export function langOf(request: FastifyRequest): Lang {
  const h = request.headers['accept-language'];
  return typeof h === 'string' && /^en\b/i.test(h.trim()) ? 'en' : 'zh';
}

const constraintErrors = new Map<string, { kind: AppError['kind']; code: string; text: Message; field?: string }>();

/** Map a named database constraint to an error (unique keys → 409, checks → 422 …). */
export function registerConstraint(name: string, kind: AppError['kind'], code: string, text: Message, field?: string): void {
  constraintErrors.set(name, { kind, code, text, field });
}

interface PgError {
  code?: string;
  constraint?: string;
}

function fromDatabase(err: PgError): AppError | undefined {
  if (!err.code || !/^[0-9A-Z]{5}$/.test(err.code)) return undefined;
  const mapped = err.constraint ? constraintErrors.get(err.constraint) : undefined;
  if (mapped) return new AppError(mapped.kind, mapped.code, mapped.text, mapped.field ? { field: mapped.field } : undefined);
  if (err.code === '23505') return new AppError('conflict', 'CONFLICT', { zh: '数据重复，与已有记录冲突', en: 'duplicates an existing record' });
  if (err.code === '23503') return new AppError('conflict', 'REFERENCE_CONFLICT', { zh: '数据仍被引用或引用的数据不存在', en: 'referenced record missing or still in use' });
  if (err.code === '40001' || err.code === '40P01') return new AppError('conflict', 'CONCURRENT_UPDATE', { zh: '数据正被他人修改，请重试', en: 'concurrent update, please retry' });
  if (err.code === '22P02' || err.code === '22007' || err.code === '22008') return new AppError('invalid', 'VALIDATION_FAILED', { zh: '参数格式不正确', en: 'malformed value' });
  return undefined;
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

function fromValidation(err: FastifyError): AppError {
  const v = (err.validation ?? [])[0] as AjvError | undefined;
  const ctx = err.validationContext ?? 'body';
  let field = (v?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  if (v?.keyword === 'required') field = [field, String(v.params?.missingProperty ?? '')].filter(Boolean).join('.');
  if (v?.keyword === 'additionalProperties') {
    const extra = String(v.params?.additionalProperty ?? '');
    return new AppError(
      'invalid',
      'VALIDATION_FAILED',
      { zh: `不允许的字段：${extra}`, en: `unknown field: ${extra}` },
      { field: extra, location: ctx, rule: 'additionalProperties' },
    );
  }
  const leaf = field.split('.').pop() || ctx;
  const problem: Message =
    v?.keyword === 'required'
      ? { zh: '必填', en: 'is required' }
      : v?.keyword === 'maxLength'
        ? { zh: `长度不能超过 ${v.params?.limit}`, en: `must be at most ${v.params?.limit} characters` }
        : v?.keyword === 'minLength'
          ? { zh: Number(v.params?.limit) <= 1 ? '不能为空' : `长度至少 ${v.params?.limit}`, en: `must be at least ${v.params?.limit} characters` }
          : v?.keyword === 'enum' || v?.keyword === 'anyOf' || v?.keyword === 'const'
            ? { zh: '取值不在允许范围内', en: 'is not an allowed value' }
            : v?.keyword === 'pattern' || v?.keyword === 'format'
              ? { zh: '格式不正确', en: 'has an invalid format' }
              : v?.keyword === 'minimum' || v?.keyword === 'maximum'
                ? { zh: '超出允许范围', en: 'is out of range' }
                : { zh: '格式不正确', en: v?.message ?? 'is invalid' };
  return new AppError(
    'invalid',
    'VALIDATION_FAILED',
    { zh: `${fieldLabel(leaf, 'zh')}：${problem.zh}`, en: `${fieldLabel(leaf, 'en')}: ${problem.en}` },
    { field: field || ctx, location: ctx, rule: v?.keyword },
  );
}

export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  const fe = err as FastifyError & PgError;
  if (fe.validation) return fromValidation(fe);
  const db = fromDatabase(fe);
  if (db) return db;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('too_large', 'REQUEST_TOO_LARGE', { zh: '请求内容过大（上限 1 MB）', en: 'request body too large' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('invalid', 'UNSUPPORTED_MEDIA_TYPE', { zh: '不支持的内容类型，请使用 JSON', en: 'unsupported content type' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid', 'INVALID_JSON', { zh: '请求内容不是有效的 JSON', en: 'body is not valid JSON' });
  }
  if (fe.statusCode === 400 && /JSON/i.test(fe.message ?? '')) {
    return new AppError('invalid', 'INVALID_JSON', { zh: '请求内容不是有效的 JSON', en: 'body is not valid JSON' });
  }
  if (fe.statusCode === 415) {
    return new AppError('invalid', 'UNSUPPORTED_MEDIA_TYPE', { zh: '不支持的内容类型，请使用 JSON', en: 'unsupported content type' });
  }
  if (fe.statusCode === 413) {
    return new AppError('too_large', 'REQUEST_TOO_LARGE', { zh: '请求内容过大（上限 1 MB）', en: 'request body too large' });
  }
  return new AppError('internal', 'INTERNAL_ERROR', { zh: '系统内部错误，请联系管理员并提供请求编号', en: 'internal error; quote the request id' });
}

export function sendError(request: FastifyRequest, reply: FastifyReply, err: AppError) {
  const lang = langOf(request);
  const status = err.kind === 'too_large' ? 413 : err.status;
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code: err.code, message: lang === 'en' ? err.text.en : err.text.zh, ...(err.details ? { details: err.details } : {}), requestId: request.id } });
}

export function installErrorHandling(app: FastifyInstance, onDenied: (request: FastifyRequest, err: AppError) => Promise<void>): void {
  app.setErrorHandler(async (err, request, reply) => {
    const appErr = toAppError(err);
    if (appErr.kind === 'internal') request.log.error({ err }, 'unhandled error');
    // A signed-in caller refused something: audited. (Sign-in refusals audit themselves.)
    else if (appErr.kind === 'forbidden' && request.ctx) await onDenied(request, appErr).catch((e) => request.log.error({ err: e }, 'audit of denial failed'));
    return sendError(request, reply, appErr);
  });
}
