// Error codes of the policy read side (docs/api-policy.md, Policies). Messages name the field in Chinese.
// Lists share LIST_PAGE_TOO_DEEP and customers PARTY_NOT_FOUND with the party module (partyErrors).
import { AppError, type Message } from '../../platform/errors';

export const policyErrors = {
  notFound: (field?: string) =>
    new AppError('not_found', 'POLICY_NOT_FOUND', { zh: '保单不存在或无权访问', en: 'policy not found' }, field ? { field } : undefined),
  /** A search term written as a whole policy number whose check characters do not match: a typo. */
  numberCheck: (message: Message) => new AppError('unprocessable', 'POLICY_NUMBER_CHECK', { zh: `查询内容：${message.zh}`, en: `search: ${message.en}` }, { field: 'q' }),
  /** The server was wired without the PII key (createPolicyServices without `pii`). */
  noPii: () => new Error('policy search by ID number or phone needs deps.pii'),
};
