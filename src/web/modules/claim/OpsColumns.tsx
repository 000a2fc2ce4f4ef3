import { Link } from 'react-router-dom';
import type { TableColumnType } from 'antd';
import type { ClaimSummary } from '../../../contracts/claim';
import { useI18n } from '../../app/i18n';
import { LineTag, Mono } from '../policy/labels';
import { ClaimStateTag } from './labels';

/** The claim columns of the ops lists whose rows carry a ClaimSummary (核赔待办, 结案质检): number (a link to the claim), line, insured, state, handler. */
export function useClaimColumns<T>(claimOf: (row: T) => ClaimSummary): Record<'claimNo' | 'line' | 'insured' | 'state' | 'handler', TableColumnType<T>> {
  const { t } = useI18n();
  return {
    claimNo: {
      title: t('cop.claimNo'),
      key: 'claimNo',
      render: (_, r) => (
        <Link to={`/claims/${claimOf(r).id}`}>
          <Mono>{claimOf(r).claimNo}</Mono>
        </Link>
      ),
    },
    line: { title: t('cop.line'), key: 'line', render: (_, r) => <LineTag line={claimOf(r).policy.line} /> },
    insured: { title: t('cop.insured'), key: 'insured', render: (_, r) => claimOf(r).insuredName },
    state: { title: t('cop.claimState'), key: 'state', render: (_, r) => <ClaimStateTag state={claimOf(r).state} /> },
    handler: { title: t('cop.handler'), key: 'handler', render: (_, r) => claimOf(r).handler.name },
  };
}
