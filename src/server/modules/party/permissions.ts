import { definePermissions } from '../../platform/permissions';

// Permissions of the party (customer) module. Reads and writes follow the data scope of the grant:
// a party belongs to the org that created it. Revealing a full ID number or phone is `pii:reveal`
// (system module), audited.
export const P = {
  partyRead: 'party:read',
  partyWrite: 'party:write',
  partyImport: 'party:import',
  partyExport: 'party:export',
} as const;

definePermissions('party', { zh: '客户管理', en: 'Customers' }, {
  read: { zh: '查看客户', en: 'View customers' },
  write: { zh: '维护客户', en: 'Manage customers' },
  import: { zh: '导入客户', en: 'Import customers' },
  export: { zh: '导出客户', en: 'Export customers' },
});
