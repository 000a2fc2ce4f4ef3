import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Segmented, Select, Space, Tag, Tooltip, Typography, type GetProps, type TableColumnsType } from 'antd';
import { CarOutlined, DownloadOutlined, HeartOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { PROPOSAL_STATE_CODES, PROPOSAL_STATES, type ProposalState, type ProposalSummary } from '../../../contracts/policy';
import { PRODUCT_LINE_CODES, PRODUCT_LINES } from '../../../contracts/product';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { usePermission } from '../../app/session';
import { PagedTable, usePaging, type SortState } from '../../components/DataTable';
import { FilterForm } from '../../components/FilterForm';
import { LineTag, Money, Mono, ProposalStateTag, useChannelLabel } from './labels';
import { exportHref, useProposals, type ProposalFilters } from './queries';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];

const SORTABLE = ['updatedAt', 'createdAt', 'proposalNo'] as const;

export function sortOrderOf(sort: string | undefined, field: string, fallback: string): 'ascend' | 'descend' | null {
  const current = sort ?? fallback;
  if (current === field) return 'ascend';
  if (current === `-${field}`) return 'descend';
  return null;
}

export function sortParam(sort: SortState | undefined, allowed: readonly string[]): string | undefined {
  if (!sort || !allowed.includes(sort.field)) return undefined;
  return sort.order === 'descend' ? `-${sort.field}` : sort.field;
}

/** Where a proposal's next step is done (and who may do it), for the row's second action. */
export function nextStepOf(p: ProposalSummary): { path: string; permission: string; labelKey: 'pol.action.edit' | 'pol.action.collect' | 'pol.action.underwrite' | 'pol.action.viewPolicy' } | null {
  if (p.state === 'DRAFT') return { path: `/proposals/${p.id}/edit`, permission: 'proposal:write', labelKey: 'pol.action.edit' };
  if (p.state === 'PENDING_PAYMENT') return { path: `/collection?q=${encodeURIComponent(p.proposalNo)}`, permission: 'proposal:collect', labelKey: 'pol.action.collect' };
  if (p.state === 'PENDING_UNDERWRITING' && p.uwReferred) return { path: `/underwriting/${p.id}`, permission: 'proposal:underwrite', labelKey: 'pol.action.underwrite' };
  if (p.policy) return { path: `/policies/${p.policy.id}`, permission: 'policy:read', labelKey: 'pol.action.viewPolicy' };
  return null;
}

/**
 * 投保单查询 / 我的投保单 (GET /proposals): one search box (投保单号, 投保人/被保险人姓名, 车牌号),
 * state, line and date filters, sort, pages, Excel export with the same filters.
 */
export default function ProposalsPage() {
  const { t, pick } = useI18n();
  const can = usePermission();
  const navigate = useNavigate();
  const channelLabel = useChannelLabel();
  const paging = usePaging();
  const canWrite = can('proposal:write');
  const [filters, setFilters] = useState<ProposalFilters>({ mine: canWrite, sort: '-updatedAt' });
  const query = useProposals(filters, paging.page, paging.pageSize);
  const [form] = Form.useForm<{ q?: string; state?: ProposalState[]; productLine?: ProposalFilters['productLine']; created?: RangeValue }>();

  const apply = () => {
    const { q, state, productLine, created } = form.getFieldsValue();
    setFilters((current) => ({
      mine: current.mine,
      sort: current.sort,
      q: q?.trim() || undefined,
      state: state?.length ? state : undefined,
      productLine,
      dateFrom: created?.[0]?.format('YYYY-MM-DD'),
      dateTo: created?.[1]?.format('YYYY-MM-DD'),
    }));
    paging.reset();
  };

  const columns: TableColumnsType<ProposalSummary> = [
    {
      title: t('pol.proposalNo'),
      dataIndex: 'proposalNo',
      key: 'proposalNo',
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrderOf(filters.sort, 'proposalNo', '-updatedAt'),
      render: (no: string, p) => (
        <Link to={`/proposals/${p.id}`}>
          <Mono>{no}</Mono>
        </Link>
      ),
    },
    {
      title: t('pol.state'),
      dataIndex: 'state',
      key: 'state',
      render: (state: ProposalState, p) => (
        <Space size={4}>
          <ProposalStateTag state={state} />
          {p.uwReferred && state === 'PENDING_UNDERWRITING' && <Tag color="orange">{t('pol.referred')}</Tag>}
          {p.bundleId && (
            <Tooltip title={t('pol.bundleHint')}>
              <Tag>{t('pol.bundle')}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: t('pol.product'), key: 'product', render: (_, p) => <Space size={4}><LineTag line={p.product.line} />{p.product.name}</Space> },
    { title: t('pol.policyholder'), key: 'holder', render: (_, p) => p.policyholder?.name ?? '—' },
    { title: t('pol.insured'), key: 'insured', render: (_, p) => p.insured?.name ?? '—' },
    { title: t('pol.plateNo'), dataIndex: 'plateNo', key: 'plateNo', render: (v: string | null) => <Mono>{v}</Mono> },
    { title: t('pol.premium'), key: 'premium', align: 'right', render: (_, p) => <Money value={p.premium} /> },
    { title: t('pol.startDate'), dataIndex: 'startDate', key: 'startDate', render: (v: string | null) => v ?? '—' },
    { title: t('pol.channel'), dataIndex: 'channel', key: 'channel', render: channelLabel },
    { title: t('pol.org'), key: 'org', render: (_, p) => p.org.name },
    { title: t('pol.registeredBy'), key: 'registeredBy', render: (_, p) => p.registeredBy.name },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      sorter: true,
      sortOrder: sortOrderOf(filters.sort, 'createdAt', '-updatedAt'),
      render: formatDateTime,
    },
    {
      title: t('pol.updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      sorter: true,
      sortOrder: sortOrderOf(filters.sort, 'updatedAt', '-updatedAt'),
      render: formatDateTime,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, p) => {
        const next = nextStepOf(p);
        return (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => navigate(`/proposals/${p.id}`)}>
              {t('common.view')}
            </Button>
            {next && can(next.permission) && (
              <Button type="link" size="small" onClick={() => navigate(next.path)}>
                {t(next.labelKey)}
              </Button>
            )}
          </Space>
        );
      },
    },
  ];

  const filtered = Boolean(filters.q || filters.state || filters.productLine || filters.dateFrom || filters.dateTo);

  return (
    <Card
      title={filters.mine ? t('pol.myProposals') : t('nav.proposals')}
      extra={
        <Space wrap>
          {canWrite && (
            <>
              <Button type="primary" icon={<CarOutlined />} onClick={() => navigate('/proposals/new/motor')}>
                {t('nav.proposalNewMotor')}
              </Button>
              <Button icon={<HeartOutlined />} onClick={() => navigate('/proposals/new/life')}>
                {t('nav.proposalNewLife')}
              </Button>
            </>
          )}
          {can('proposal:export') && (
            <Button icon={<DownloadOutlined />} href={exportHref('/proposals/export', filters)}>
              {t('common.export')}
            </Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%', marginBottom: 16 }}>
        <Segmented
          data-testid="proposal-scope"
          value={filters.mine ? 'mine' : 'all'}
          onChange={(value) => {
            setFilters((current) => ({ ...current, mine: value === 'mine' }));
            paging.reset();
          }}
          options={[
            { value: 'mine', label: t('pol.myProposals') },
            { value: 'all', label: t('pol.allProposals') },
          ]}
        />
        <FilterForm form={form} name="proposalFilters" onApply={apply}>
          <Form.Item name="q" label={t('common.search')}>
            <Input.Search placeholder={t('pol.proposalSearchPlaceholder')} allowClear onSearch={apply} enterButton style={{ width: 320 }} maxLength={50} autoFocus />
          </Form.Item>
          <Form.Item name="state" label={t('pol.state')}>
            <Select
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              placeholder={t('common.all')}
              style={{ width: 240 }}
              options={PROPOSAL_STATE_CODES.map((s) => ({ value: s, label: pick(PROPOSAL_STATES[s]) }))}
            />
          </Form.Item>
          <Form.Item name="productLine" label={t('pol.line')}>
            <Select allowClear placeholder={t('common.all')} style={{ width: 140 }} popupMatchSelectWidth={false} options={PRODUCT_LINE_CODES.map((l) => ({ value: l, label: pick(PRODUCT_LINES[l]) }))} />
          </Form.Item>
          <Form.Item name="created" label={t('pol.createdRange')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
          </Form.Item>
        </FilterForm>
      </Space>
      <PagedTable<ProposalSummary>
        query={query}
        paging={paging}
        columns={columns}
        data-testid="proposal-table"
        emptyText={filtered ? t('pol.proposals.emptyFiltered') : filters.mine ? t('pol.proposals.emptyMine') : t('pol.proposals.empty')}
        onSortChange={(sort) => setFilters((current) => ({ ...current, sort: sortParam(sort, SORTABLE) ?? '-updatedAt' }))}
      />
      {filters.mine && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('pol.myProposalsHint')}
        </Typography.Text>
      )}
    </Card>
  );
}
