import { Card, Empty, Space, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import type { PolicyState, PolicySummary } from '../../../contracts/policy';
import { useT } from '../../app/i18n';
import { usePermission } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { LineTag, Money, Mono, PolicyStateTag } from './labels';
import { usePartyPolicies } from './queries';

/** 客户 360 › 保单: the customer's policies as policyholder or insured (GET /parties/:id/policies). */
export function PartyPoliciesCard({ partyId }: { partyId: string }) {
  const t = useT();
  const can = usePermission();
  const allowed = can('policy:read');
  const query = usePartyPolicies(partyId, allowed);
  const columns: TableColumnsType<PolicySummary> = [
    { title: t('pol.policyNo'), dataIndex: 'policyNo', key: 'no', render: (no: string, p) => <Link to={`/policies/${p.id}`}><Mono>{no}</Mono></Link> },
    { title: t('pol.state'), dataIndex: 'state', key: 'state', render: (s: PolicyState) => <PolicyStateTag state={s} /> },
    { title: t('pol.product'), key: 'product', render: (_, p) => <Space size={4}><LineTag line={p.product.line} />{p.product.name}</Space> },
    { title: t('pol.role'), key: 'role', render: (_, p) => [p.policyholder.id === partyId && t('pol.policyholder'), p.insured.id === partyId && t('pol.insured')].filter(Boolean).join('、') || t('pol.beneficiary') },
    { title: t('pol.plateNo'), dataIndex: 'plateNo', key: 'plate', render: (v: string | null) => <Mono>{v}</Mono> },
    { title: t('pol.premium'), key: 'premium', align: 'right', render: (_, p) => <Money value={p.premium} /> },
    { title: t('pol.period'), key: 'period', render: (_, p) => `${p.startDate} ~ ${p.endDate ?? t('pol.wholeLife')}` },
  ];
  return (
    <Card size="small" title={t('party.card.policies')} data-testid="party-card-policies">
      {allowed ? (
        <DataTable rows={query.data} loading={query.isFetching} columns={columns} emptyText={t('pol.partyPolicies.empty')} pagination={false} size="small" />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pol.partyPolicies.noPermission')} />
      )}
    </Card>
  );
}
