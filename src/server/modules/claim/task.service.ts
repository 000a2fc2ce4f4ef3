// 调度 and 查勘/定损/人伤 tasks with their assessed items, and claim documents (blob store).
import Decimal from 'decimal.js';
import type { Kysely, Transaction } from 'kysely';
import type { LossType } from '../../../contracts/claim';
import type { DB } from '../../db/types';
import type { ClaimDeps } from './deps';

type Executor = Kysely<DB> | Transaction<DB>;

/** 核定损失 default of a calculation sheet: the items of the claim's APPROVED tasks for this coverage and loss type. */
export async function approvedItems(ex: Executor, claimId: string, coverageCode: string, lossType: LossType): Promise<string> {
  const { total } = await ex
    .selectFrom('claim_task_item as i')
    .innerJoin('claim_task as t', 't.id', 'i.task_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('i.amount'), eb.val('0')).as('total'))
    .where('t.claim_id', '=', claimId)
    .where('t.state', '=', 'APPROVED')
    .where('i.coverage_code', '=', coverageCode)
    .where('i.loss_type', '=', lossType)
    .executeTakeFirstOrThrow();
  return new Decimal(total).toFixed(2);
}

export function createTaskService(_deps: ClaimDeps) {
  return {};
}
export type TaskService = ReturnType<typeof createTaskService>;
