// Claims (理赔): 报案 → 调度/查勘/定损/人伤 → 立案 (reserves) → 理算 → 核赔 → 支付 → 结案, with 注销,
// 重开, review sampling and KPIs. Areas: report.* (报案, worklists, detail, 立案, reserves),
// task.* (tasks, documents), approval.* (理算, 核赔, authorities, settings), payment.* (支付,
// 结案/注销/重开, sampling, KPIs). State table: lifecycle.rules.ts; money: adjustment.rules.ts.
import './permissions';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database';
import type { Clock } from '../../platform/clock';
import type { PiiCrypto } from '../../platform/pii-crypto';
import { createBilling } from '../policy/billing';
import { createApprovalService } from './approval.service';
import { approvalRoutes } from './approval.routes';
import type { ClaimDeps } from './deps';
import { createKpiService } from './kpi.service';
import { createPaymentService } from './payment.service';
import { paymentRoutes } from './payment.routes';
import { createClaimService } from './report.service';
import { reportRoutes } from './report.routes';
import { createTaskService } from './task.service';
import { taskRoutes } from './task.routes';

export { P as claimPermissions } from './permissions';

export function createClaimServices(deps: Omit<ClaimDeps, 'billing'>) {
  const d: ClaimDeps = { ...deps, billing: createBilling() };
  return {
    claims: createClaimService(d),
    tasks: createTaskService(d),
    approvals: createApprovalService(d),
    payments: createPaymentService(d),
    kpis: createKpiService(d),
  };
}
export type ClaimServices = ReturnType<typeof createClaimServices>;

export function createClaimModule(deps: { db: Database; clock: Clock; pii: PiiCrypto; policy: ClaimDeps['policy'] }) {
  const services = createClaimServices(deps);
  return {
    services,
    routes: async (app: FastifyInstance) => {
      await app.register(reportRoutes(services));
      await app.register(taskRoutes(services));
      await app.register(approvalRoutes(services));
      await app.register(paymentRoutes(services));
    },
  };
}
