// UI strings of the claim handling pages (报案、理赔工作台、赔案详情), Chinese and English side by side;
// merged into the app's dictionaries by src/web/locales. The type makes English cover every key.
const zh = {
  'nav.claimGroup': '理赔管理',
  'nav.claimReport': '报案登记',
  'nav.claims': '理赔工作台',
  'nav.claimDetail': '赔案详情',
};

const en: Record<keyof typeof zh, string> = {
  'nav.claimGroup': 'Claims',
  'nav.claimReport': 'Notice of loss',
  'nav.claims': 'Claims worklist',
  'nav.claimDetail': 'Claim',
};

export const claimMessages = { zh, en };
