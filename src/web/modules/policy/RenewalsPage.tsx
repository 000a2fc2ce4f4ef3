import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Spin, Tag, type TableColumnsType } from 'antd';
import { DownloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import type { RenewalRow } from '../../../contracts/policy';
import { useI18n } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { PagedTable, usePaging } from '../../components/DataTable';
import { LineTag, Money, Mono, PolicyStateTag, ProposalStateTag } from './labels';
import { exportHref, useRenewals, useRunRenewals, type RenewalFilters } from './queries';

/**
 * 续保管理 (/renewals): annual policies expiring soon, each with its renewal proposal (or none yet),
 * the premium before and re-rated, and claims in the period; 生成续保投保单 runs the daily job now.
 */
export default function RenewalsPage() {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const paging = usePaging();
  const [filters, setFilters] = useState<RenewalFilters>({});
  const query = useRenewals(filters, paging.page, paging.pageSize);
  const run = useRunRenewals();

  const columns: TableColumnsType<RenewalRow> = [
    { title: t('pol.policyNo'), key: 'policyNo', render: (_, r) => <Link to={`/policies/${r.policy.id}`}><Mono>{r.policy.policyNo}</Mono></Link> },
    { title: t('pol.state'), key: 'state', render: (_, r) => <PolicyStateTag state={r.policy.state} /> },
    { title: t('pol.product'), key: 'product', render: (_, r) => <Space size={4}><LineTag line={r.policy.product.line} />{r.policy.product.name}</Space> },
    { title: t('pol.policyholder'), key: 'holder', render: (_, r) => r.policy.policyholder.name },
    { title: t('pol.plateNo'), key: 'plate', render: (_, r) => <Mono>{r.policy.plateNo}</Mono> },
    { title: t('pol.endDate'), key: 'end', render: (_, r) => r.policy.endDate ?? '—' },
    {
      title: t('pol.renewal.daysToExpiry'),
      dataIndex: 'daysToExpiry',
      key: 'days',
      align: 'right',
      render: (d: number) => <Tag color={d <= 7 ? 'red' : d <= 15 ? 'orange' : 'default'}>{t('pol.days', { n: d })}</Tag>,
    },
    { title: t('pol.renewal.claims'), dataIndex: 'claimsInPeriod', key: 'claims', align: 'right' },
    { title: t('pol.renewal.previousPremium'), key: 'prev', align: 'right', render: (_, r) => <Money value={r.previousPremium} /> },
    { title: t('pol.renewal.renewalPremium'), key: 'renewal', align: 'right', render: (_, r) => <Money value={r.renewalProposal?.premium} /> },
    {
      title: t('pol.renewal.proposal'),
      key: 'proposal',
      render: (_, r) =>
        r.renewalProposal ? (
          <Space size={4}>
            <Link to={`/proposals/${r.renewalProposal.id}`}>
              <Mono>{r.renewalProposal.proposalNo}</Mono>
            </Link>
            <ProposalStateTag state={r.renewalProposal.state} />
          </Space>
        ) : (
          <Tag>{t('pol.renewal.none')}</Tag>
        ),
    },
  ];

  const runNow = () =>
    modal.confirm({
      title: t('pol.renewal.runTitle'),
      content: t('pol.renewal.runConfirm'),
      okText: t('pol.renewal.run'),
      cancelText: t('common.cancel'),
      onOk: () =>
        new Promise<void>((resolve) =>
          run.mutate(undefined, {
            onSuccess: ({ created }) => {
              notifySuccess(t('pol.renewal.created', { n: created }));
              resolve();
            },
            onError: () => resolve(),
          }),
        ),
    });

  return (
    <Card
      title={t('nav.renewals')}
      extra={
        <Space>
          <Button type="primary" icon={<SyncOutlined spin={run.isPending} />} loading={run.isPending} onClick={runNow}>
            {t('pol.renewal.run')}
          </Button>
          <Button icon={<DownloadOutlined />} href={exportHref('/renewals/export', filters)}>
            {t('common.export')}
          </Button>
        </Space>
      }
    >
      <Form
        layout="inline"
        name="renewalFilters"
        style={{ marginBottom: 16, rowGap: 8 }}
        onValuesChange={(changed, all: RenewalFilters) => {
          if ('q' in changed) return;
          setFilters((current) => ({ ...current, state: all.state, daysWithin: all.daysWithin ?? undefined }));
          paging.reset();
        }}
      >
        <Form.Item name="q" label={t('common.search')}>
          <Input.Search
            allowClear
            enterButton
            autoFocus
            style={{ width: 300 }}
            placeholder={t('pol.policySearchPlaceholder')}
            onSearch={(q) => {
              setFilters((current) => ({ ...current, q: q.trim() || undefined }));
              paging.reset();
            }}
          />
        </Form.Item>
        <Form.Item name="state" label={t('pol.renewal.state')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 150 }}
            options={(['NO_PROPOSAL', 'PROPOSED', 'ISSUED'] as const).map((s) => ({ value: s, label: t(`pol.renewal.state.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="daysWithin" label={t('pol.renewal.daysWithin')}>
          <InputNumber min={1} max={365} precision={0} placeholder={t('pol.renewal.daysDefault')} style={{ width: 160 }} suffix={t('pol.daysUnit')} />
        </Form.Item>
      </Form>
      <Spin spinning={run.isPending} description={t('pol.renewal.running')}>
        <PagedTable<RenewalRow> query={query} paging={paging} columns={columns} rowKey={(r) => r.policy.id} data-testid="renewal-table" emptyText={t('pol.renewal.empty')} />
      </Spin>
    </Card>
  );
}
