import { definePermissions } from '../../platform/permissions';

// Permissions of policy administration. Proposals, policies and servicing items belong to the org
// that sold them; every read and write follows the grant's data scope (404 outside it; `self` =
// proposals the user registered). Underwriting also needs an authority for the line
// (underwriting_authority) covering the sum assured.
export const P = {
  proposalRead: 'proposal:read',
  proposalWrite: 'proposal:write',
  proposalValidate: 'proposal:validate',
  proposalUnderwrite: 'proposal:underwrite',
  proposalCollect: 'proposal:collect',
  proposalIssue: 'proposal:issue',
  proposalExport: 'proposal:export',
  policyRead: 'policy:read',
  policyExport: 'policy:export',
  policyRenew: 'policy:renew',
  policyConfigure: 'policy:configure',
  endorsementRequest: 'endorsement:request',
  endorsementApprove: 'endorsement:approve',
} as const;

definePermissions('proposal', { zh: '投保单', en: 'Proposals' }, {
  read: { zh: '查看投保单', en: 'View proposals' },
  write: { zh: '编号登记、录入、提交与撤回投保单', en: 'Register, enter, submit and withdraw proposals' },
  validate: { zh: '单据校验', en: 'Validate proposals' },
  underwrite: { zh: '人工核保（在核保权限内）', en: 'Underwrite referred proposals (within authority)' },
  collect: { zh: '登记收费', en: 'Record premium receipts' },
  issue: { zh: '出单', en: 'Issue policies' },
  export: { zh: '导出投保单', en: 'Export proposals' },
});

definePermissions('policy', { zh: '保单', en: 'Policies' }, {
  read: { zh: '查看保单、打印保单', en: 'View and print policies' },
  export: { zh: '导出保单', en: 'Export policies' },
  renew: { zh: '续保处理', en: 'Work the renewal queue' },
  configure: { zh: '维护投保单号段、核保规则与权限、保全与续保参数', en: 'Configure number ranges, underwriting rules and authorities, servicing and renewal settings' },
});

// Maker-checker: whoever requests an item cannot approve it.
definePermissions('endorsement', { zh: '保全', en: 'Policy servicing' }, {
  request: { zh: '保全申请与试算', en: 'Request servicing items (with trial calculation)' },
  approve: { zh: '保全审批', en: 'Approve servicing items' },
});
