import { definePermissions } from '../../platform/permissions';

// Permissions of claims. A claim belongs to the org of its policy; every read and write follows the
// grant's data scope (404 outside it; `self` = claims the user handles or reported, tasks assigned
// to them). Approval also needs an authority for the line (claim_authority, per user or role)
// covering the amount, and the approver must not be the claim's handler (four-eyes).
export const P = {
  claimRead: 'claim:read',
  claimReport: 'claim:report',
  claimHandle: 'claim:handle',
  claimSurvey: 'claim:survey',
  claimApprove: 'claim:approve',
  claimPay: 'claim:pay',
  claimExport: 'claim:export',
  claimReview: 'claim:review',
  claimConfigure: 'claim:configure',
} as const;

definePermissions('claim', { zh: '理赔', en: 'Claims' }, {
  read: { zh: '查看赔案、理赔看板', en: 'View claims and the claims dashboard' },
  report: { zh: '报案登记', en: 'Take notice of loss' },
  handle: { zh: '立案、调度、估损、理算、提交核赔、结案、注销与重开', en: 'Register, dispatch, reserve, adjust, submit, close, withdraw and reopen claims' },
  survey: { zh: '查勘、定损、人伤任务处理（分配给本人的任务）', en: 'Work survey and assessment tasks assigned to oneself' },
  approve: { zh: '核赔（在核赔权限内）与拒赔', en: 'Approve (within authority) and decline claims' },
  pay: { zh: '赔款支付登记、确认与取消', en: 'Create, confirm and cancel claim payments' },
  export: { zh: '导出赔案', en: 'Export claims' },
  review: { zh: '结案质量抽检', en: 'Quality-review closed claims' },
  configure: { zh: '维护核赔权限、拒赔原因、抽检规则等理赔参数', en: 'Configure approval authorities, decline reasons, sampling and other claim settings' },
});
