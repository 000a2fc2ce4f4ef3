// UI strings of the claim operations pages (查勘定损任务、核赔待办、赔款支付、理赔看板、结案质检、理赔设置),
// Chinese and English side by side; merged into the app's dictionaries by src/web/locales.
const zh = {
  'nav.claimTasks': '查勘定损任务',
  'nav.claimTask': '任务处理',
  'nav.claimApprovals': '核赔待办',
  'nav.claimPayments': '赔款支付',
  'nav.claimDashboard': '理赔看板',
  'nav.claimReviews': '结案质检',
  'nav.claimSettings': '理赔设置',
};

const en: Record<keyof typeof zh, string> = {
  'nav.claimTasks': 'Survey tasks',
  'nav.claimTask': 'Task',
  'nav.claimApprovals': 'Approval inbox',
  'nav.claimPayments': 'Claim payments',
  'nav.claimDashboard': 'Claims dashboard',
  'nav.claimReviews': 'Quality review',
  'nav.claimSettings': 'Claim settings',
};

export const claimOpsMessages = { zh, en };
