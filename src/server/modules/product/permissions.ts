import { definePermissions } from '../../platform/permissions';

// Rating and life pricing: tariffs and mortality tables are reference data shared by the whole
// company, so these permissions carry no data scope.
export const P = {
  ratingQuote: 'rating:quote',
  actuarialRead: 'actuarial:read',
  actuarialWrite: 'actuarial:write',
} as const;

definePermissions('rating', { zh: '费率试算', en: 'Rating' }, {
  quote: { zh: '试算保费', en: 'Quote premiums' },
});

definePermissions('actuarial', { zh: '精算定价', en: 'Actuarial' }, {
  read: { zh: '查看生命表与试算', en: 'View tables and quote' },
  write: { zh: '维护生命表', en: 'Maintain tables' },
});
