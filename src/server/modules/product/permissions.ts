import { definePermissions } from '../../platform/permissions';

// Rating, life pricing and the product catalogue: tariffs, mortality tables and products are
// reference data shared by the whole company, so these permissions carry no data scope.
export const P = {
  ratingQuote: 'rating:quote',
  ratingConfigure: 'rating:configure',
  actuarialRead: 'actuarial:read',
  actuarialWrite: 'actuarial:write',
  productRead: 'product:read',
  productWrite: 'product:write',
  productApprove: 'product:approve',
} as const;

definePermissions('rating', { zh: '费率试算', en: 'Rating' }, {
  quote: { zh: '试算保费', en: 'Quote premiums' },
  configure: { zh: '维护商业车险费率表', en: 'Load commercial motor rate tables' },
});

definePermissions('actuarial', { zh: '精算定价', en: 'Actuarial' }, {
  read: { zh: '查看生命表与试算', en: 'View tables and quote' },
  write: { zh: '维护生命表', en: 'Maintain tables' },
});

// Maker-checker: whoever drafts a version (product:write) cannot approve it (product:approve),
// even when one person holds both permissions.
definePermissions('product', { zh: '产品管理', en: 'Products' }, {
  read: { zh: '查看产品与版本、导出', en: 'View products and versions, export' },
  write: { zh: '新建产品、编辑草稿版本', en: 'Create products, edit draft versions' },
  approve: { zh: '审批与停售产品版本', en: 'Approve and retire versions' },
});
