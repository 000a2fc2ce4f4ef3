import { useEffect, useState } from 'react';
import { Button, Card, Col, Descriptions, Empty, Input, Row, Space, Typography, type TableColumnsType } from 'antd';
import { DollarOutlined, FileDoneOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import type { ProposalSummary } from '../../../contracts/policy';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { usePermission } from '../../app/session';
import { PagedTable, usePaging } from '../../components/DataTable';
import { PageLoading } from '../../components/results';
import { CollectionView } from './components';
import { LineTag, Money, Mono } from './labels';
import { sumMoney } from './money';
import { PayIssueModals } from './PayIssueModals';
import { useProposal, useProposals } from './queries';

/** The selected proposal: what is due, what came in, and 登记收费 / 出单. */
function CollectionPanel({ id }: { id: string }) {
  const { t } = useI18n();
  const can = usePermission();
  const query = useProposal(id);
  const [open, setOpen] = useState<'pay' | 'issue' | null>(null);
  if (query.isPending) return <PageLoading />;
  if (!query.data) return null;
  const p = query.data;
  const due = sumMoney(p.premium, p.extraPremium);
  return (
    <Card
      size="small"
      data-testid="collection-panel"
      title={
        <Space>
          <Link to={`/proposals/${p.id}`}>
            <Mono>{p.proposalNo}</Mono>
          </Link>
          {p.product.name}
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'holder', label: t('pol.policyholder'), children: p.policyholderParty?.name ?? '—' },
          ...(p.plateNo ? [{ key: 'plate', label: t('pol.plateNo'), children: <Mono>{p.plateNo}</Mono> }] : []),
          { key: 'start', label: t('pol.startDate'), children: p.data.startDate ?? '—' },
          { key: 'premium', label: t('pol.premiumDue'), children: <Money value={due ?? p.premium} strong /> },
        ]}
      />
      <CollectionView collection={p.collection} />
      <Space style={{ marginTop: 16 }} wrap>
        {p.actions.includes('record-payment') && (
          <Button type="primary" icon={<DollarOutlined />} onClick={() => setOpen('pay')}>
            {t('pol.payment.record')}
          </Button>
        )}
        {p.actions.includes('issue') && (
          <Button type="primary" icon={<FileDoneOutlined />} onClick={() => setOpen('issue')} data-testid="issue-button">
            {t('pol.issue.ok')}
          </Button>
        )}
        {!p.actions.includes('issue') && p.state === 'PENDING_PAYMENT' && p.collection?.status === 'SETTLED' && !can('proposal:issue') && (
          <Typography.Text type="secondary">{t('pol.issue.noPermission')}</Typography.Text>
        )}
      </Space>
      <PayIssueModals
        p={p}
        open={open}
        outstanding={p.collection?.outstanding ?? due}
        paidMessage={(next) => (next.collection?.status === 'SETTLED' ? t('pol.payment.settled') : t('pol.payment.partial', { outstanding: next.collection?.outstanding ?? '' }))}
        onClose={() => setOpen(null)}
      />
    </Card>
  );
}

/** 收费出单 (/collection): proposals 待收费; pick one to record receipts (partial ones add up) and issue. */
export default function CollectionPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const paging = usePaging();
  const query = useProposals({ state: ['PENDING_PAYMENT'], q: q || undefined, sort: 'updatedAt' }, paging.page, paging.pageSize);
  const [selected, setSelected] = useState<string | null>(null);
  const rows = query.data?.items;
  // A search that finds exactly the proposals of one sale: open the first at once.
  useEffect(() => {
    if (rows && rows.length > 0 && (!selected || !rows.some((r) => r.id === selected))) setSelected(rows[0].id);
  }, [rows, selected]);

  const columns: TableColumnsType<ProposalSummary> = [
    { title: t('pol.proposalNo'), dataIndex: 'proposalNo', key: 'no', render: (no: string) => <Mono>{no}</Mono> },
    { title: t('pol.product'), key: 'product', render: (_, p) => <Space size={4}><LineTag line={p.product.line} />{p.product.name}</Space> },
    { title: t('pol.policyholder'), key: 'holder', render: (_, p) => p.policyholder?.name ?? '—' },
    { title: t('pol.plateNo'), dataIndex: 'plateNo', key: 'plate', render: (v: string | null) => <Mono>{v}</Mono> },
    { title: t('pol.premiumDue'), key: 'premium', align: 'right', render: (_, p) => <Money value={sumMoney(p.premium, p.extraPremium) ?? p.premium} /> },
    { title: t('pol.updatedAt'), dataIndex: 'updatedAt', key: 'updated', render: formatDateTime },
  ];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title={t('nav.collection')}>
          <Input.Search
            key={q}
            defaultValue={q}
            allowClear
            enterButton
            autoFocus
            placeholder={t('pol.proposalSearchPlaceholder')}
            maxLength={50}
            style={{ maxWidth: 420, marginBottom: 16 }}
            onSearch={(value) => {
              setParams(value.trim() ? { q: value.trim() } : {});
              paging.reset();
            }}
          />
          <PagedTable<ProposalSummary>
            query={query}
            paging={paging}
            columns={columns}
            data-testid="collection-table"
            emptyText={q ? t('pol.collection.emptyFiltered') : t('pol.collection.empty')}
            rowSelection={{ type: 'radio', selectedRowKeys: selected ? [selected] : [], onChange: (keys) => setSelected(String(keys[0])) }}
            onRow={(p) => ({ onClick: () => setSelected(p.id), style: { cursor: 'pointer' } })}
          />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        {selected ? <CollectionPanel key={selected} id={selected} /> : <Card><Empty description={t('pol.collection.pick')} /></Card>}
      </Col>
    </Row>
  );
}
