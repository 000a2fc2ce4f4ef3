import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Segmented, Select, Space, Tooltip, Typography, type GetProps, type TableColumnsType } from 'antd';
import { DownloadOutlined, PhoneOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { CLAIM_STATE_CODES, CLAIM_STATES, DUPLICATE_STATES, LOSS_CAUSES, type ClaimState, type ClaimSummary, type DuplicateState } from '../../../contracts/claim';
import { PRODUCT_LINE_CODES, PRODUCT_LINES } from '../../../contracts/product';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { usePermission } from '../../app/session';
import { PagedTable, usePaging } from '../../components/DataTable';
import { FilterForm } from '../../components/FilterForm';
import { LineTag, Money, Mono } from '../policy/labels';
import { exportHref } from '../policy/queries';
import { sortOrderOf, sortParam } from '../policy/ProposalsPage';
import { ClaimStateTag, DuplicateTag } from './labels';
import { useClaims, type ClaimFilters } from './queries';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];

const SORTABLE = ['updatedAt', 'stateSince', 'lossDate', 'claimNo'] as const;
const DUPLICATE_FILTERS: DuplicateState[] = ['SUSPECTED', 'CONFIRMED_DISTINCT', 'LINKED'];
const OPEN_STATES: ClaimState[] = ['REPORTED', 'REGISTERED', 'PENDING_APPROVAL', 'APPROVED'];

/** Whole days since an instant (how long a claim has waited in its stage). */
const daysSince = (iso: string) => Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 86_400_000));

interface FilterValues {
  q?: string;
  state?: ClaimState[];
  line?: ClaimFilters['line'];
  loss?: RangeValue;
  duplicate?: DuplicateState;
}

/**
 * 理赔工作台 (/claims, GET /claims): one search box (赔案号、保单号、车牌号、被保险人), state, line,
 * loss dates and possible duplicates; my claims or all in my scope; sort, pages, Excel export.
 */
export default function ClaimsPage() {
  const { t, pick } = useI18n();
  const can = usePermission();
  const navigate = useNavigate();
  const paging = usePaging();
  const canHandle = can('claim:handle');
  const [filters, setFilters] = useState<ClaimFilters>({ mine: canHandle, sort: '-updatedAt' });
  const query = useClaims(filters, paging.page, paging.pageSize);
  const [form] = Form.useForm<FilterValues>();

  const apply = () => {
    const { q, state, line, loss, duplicate } = form.getFieldsValue();
    setFilters((current) => ({
      mine: current.mine,
      sort: current.sort,
      q: q?.trim() || undefined,
      state: state?.length ? state : undefined,
      line,
      lossDateFrom: loss?.[0]?.format('YYYY-MM-DD'),
      lossDateTo: loss?.[1]?.format('YYYY-MM-DD'),
      duplicate,
    }));
    paging.reset();
  };
  const sorter = (field: (typeof SORTABLE)[number]) => ({ sorter: true, sortOrder: sortOrderOf(filters.sort, field, '-updatedAt') });

  const columns: TableColumnsType<ClaimSummary> = [
    {
      title: t('claim.claimNo'),
      dataIndex: 'claimNo',
      key: 'claimNo',
      fixed: 'left',
      ...sorter('claimNo'),
      render: (no: string, c) => (
        <Link to={`/claims/${c.id}`}>
          <Mono>{no}</Mono>
        </Link>
      ),
    },
    {
      title: t('claim.state'),
      dataIndex: 'state',
      key: 'state',
      render: (state: ClaimState, c) => (
        <Space size={4}>
          <ClaimStateTag state={state} />
          <DuplicateTag state={c.duplicateState} />
        </Space>
      ),
    },
    { title: t('claim.policyNo'), key: 'policyNo', render: (_, c) => <Mono>{c.policy.policyNo}</Mono> },
    { title: t('claim.product'), key: 'product', render: (_, c) => <Space size={4}><LineTag line={c.policy.line} />{c.policy.productName}</Space> },
    { title: t('claim.insured'), dataIndex: 'insuredName', key: 'insured' },
    { title: t('claim.plateNo'), key: 'plate', render: (_, c) => <Mono>{c.policy.plateNo}</Mono> },
    { title: t('claim.lossDate'), dataIndex: 'lossDate', key: 'lossDate', ...sorter('lossDate') },
    { title: t('claim.lossPlace'), dataIndex: 'lossPlace', key: 'lossPlace', ellipsis: true, width: 180 },
    { title: t('claim.lossCause'), dataIndex: 'lossCause', key: 'lossCause', render: (v: ClaimSummary['lossCause']) => pick(LOSS_CAUSES[v]) },
    { title: t('claim.handler'), key: 'handler', render: (_, c) => c.handler.name },
    { title: t('claim.outstandingReserve'), dataIndex: 'outstandingReserve', key: 'reserve', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('claim.approvedAmount'), dataIndex: 'approvedAmount', key: 'approved', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('claim.paidAmount'), dataIndex: 'paidAmount', key: 'paid', align: 'right', render: (v: string) => <Money value={v} /> },
    {
      title: t('claim.stateSince'),
      dataIndex: 'stateSince',
      key: 'stateSince',
      ...sorter('stateSince'),
      render: (v: string, c) => (
        <Tooltip title={formatDateTime(v)}>
          <span>{OPEN_STATES.includes(c.state) ? t('claim.list.waitingDays', { n: daysSince(v) }) : formatDateTime(v).slice(0, 10)}</span>
        </Tooltip>
      ),
    },
    { title: t('claim.org'), key: 'org', render: (_, c) => c.org.name },
    { title: t('claim.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', ...sorter('updatedAt'), render: formatDateTime },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, c) => (
        <Button type="link" size="small" onClick={() => navigate(`/claims/${c.id}`)}>
          {t('common.view')}
        </Button>
      ),
    },
  ];

  const filtered = Boolean(filters.q || filters.state || filters.line || filters.lossDateFrom || filters.lossDateTo || filters.duplicate);

  return (
    <Card
      title={t('nav.claims')}
      extra={
        <Space wrap>
          {can('claim:report') && (
            <Button type="primary" icon={<PhoneOutlined />} onClick={() => navigate('/claims/new')}>
              {t('nav.claimReport')}
            </Button>
          )}
          {can('claim:export') && (
            <Button icon={<DownloadOutlined />} href={exportHref('/claims/export', filters)}>
              {t('common.export')}
            </Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%', marginBottom: 16 }}>
        <Segmented
          data-testid="claim-scope"
          value={filters.mine ? 'mine' : 'all'}
          onChange={(value) => {
            setFilters((current) => ({ ...current, mine: value === 'mine' }));
            paging.reset();
          }}
          options={[
            { value: 'mine', label: t('claim.list.mine') },
            { value: 'all', label: t('claim.list.all') },
          ]}
        />
        <FilterForm form={form} name="claimFilters" onApply={apply}>
          <Form.Item name="q" label={t('common.search')}>
            <Input.Search placeholder={t('claim.list.searchPlaceholder')} allowClear onSearch={apply} enterButton style={{ width: 340 }} maxLength={50} autoFocus />
          </Form.Item>
          <Form.Item name="state" label={t('claim.state')}>
            <Select
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              placeholder={t('common.all')}
              style={{ width: 240 }}
              options={CLAIM_STATE_CODES.map((s) => ({ value: s, label: pick(CLAIM_STATES[s]) }))}
            />
          </Form.Item>
          <Form.Item name="line" label={t('claim.line')}>
            <Select allowClear placeholder={t('common.all')} style={{ width: 140 }} popupMatchSelectWidth={false} options={PRODUCT_LINE_CODES.map((l) => ({ value: l, label: pick(PRODUCT_LINES[l]) }))} />
          </Form.Item>
          <Form.Item name="loss" label={t('claim.lossDate')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="duplicate" label={t('claim.list.duplicate')}>
            <Select allowClear placeholder={t('common.all')} style={{ width: 150 }} popupMatchSelectWidth={false} options={DUPLICATE_FILTERS.map((d) => ({ value: d, label: pick(DUPLICATE_STATES[d]) }))} />
          </Form.Item>
        </FilterForm>
      </Space>
      <PagedTable<ClaimSummary>
        query={query}
        paging={paging}
        columns={columns}
        data-testid="claim-table"
        emptyText={filtered ? t('claim.list.emptyFiltered') : filters.mine ? t('claim.list.emptyMine') : t('claim.list.empty')}
        onSortChange={(sort) => setFilters((current) => ({ ...current, sort: sortParam(sort, SORTABLE) ?? '-updatedAt' }))}
      />
      {filters.mine && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('claim.list.mineHint')}
        </Typography.Text>
      )}
    </Card>
  );
}
