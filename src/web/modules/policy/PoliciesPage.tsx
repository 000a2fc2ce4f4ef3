import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Select, Space, type GetProps, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { POLICY_STATE_CODES, POLICY_STATES, type PolicyState, type PolicySummary } from '../../../contracts/policy';
import { PRODUCT_LINE_CODES, PRODUCT_LINES, type ProductLine } from '../../../contracts/product';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { usePermission } from '../../app/session';
import { PagedTable, usePaging } from '../../components/DataTable';
import { FilterForm } from '../../components/FilterForm';
import { LineTag, Money, Mono, PolicyStateTag } from './labels';
import { sortOrderOf, sortParam } from './ProposalsPage';
import { exportHref, usePolicies, type PolicyFilters } from './queries';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];
interface FilterValues {
  q?: string;
  state?: PolicyState[];
  productLine?: ProductLine;
  start?: RangeValue;
  end?: RangeValue;
}

const SORTABLE = ['issuedAt', 'policyNo'];

/** 保单查询 (GET /policies): one box for 保单号 / 投保人姓名 / 证件号码 / 车牌号, filters, sort, export. */
export default function PoliciesPage() {
  const { t, pick } = useI18n();
  const can = usePermission();
  const navigate = useNavigate();
  const paging = usePaging();
  const [filters, setFilters] = useState<PolicyFilters>({ sort: '-issuedAt' });
  const query = usePolicies(filters, paging.page, paging.pageSize);
  const [form] = Form.useForm<FilterValues>();
  const apply = () => {
    const { q, state, productLine, start, end } = form.getFieldsValue();
    setFilters((current) => ({
      sort: current.sort,
      q: q?.trim() || undefined,
      state: state?.length ? state : undefined,
      productLine,
      startFrom: start?.[0]?.format('YYYY-MM-DD'),
      startTo: start?.[1]?.format('YYYY-MM-DD'),
      endFrom: end?.[0]?.format('YYYY-MM-DD'),
      endTo: end?.[1]?.format('YYYY-MM-DD'),
    }));
    paging.reset();
  };
  const columns: TableColumnsType<PolicySummary> = [
    {
      title: t('pol.policyNo'),
      dataIndex: 'policyNo',
      key: 'policyNo',
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrderOf(filters.sort, 'policyNo', '-issuedAt'),
      render: (no: string, p) => (
        <Link to={`/policies/${p.id}`}>
          <Mono>{no}</Mono>
        </Link>
      ),
    },
    { title: t('pol.state'), dataIndex: 'state', key: 'state', render: (s: PolicyState) => <PolicyStateTag state={s} /> },
    { title: t('pol.product'), key: 'product', render: (_, p) => <Space size={4}><LineTag line={p.product.line} />{p.product.name}</Space> },
    { title: t('pol.policyholder'), key: 'holder', render: (_, p) => p.policyholder.name },
    { title: t('pol.insured'), key: 'insured', render: (_, p) => p.insured.name },
    { title: t('pol.plateNo'), dataIndex: 'plateNo', key: 'plateNo', render: (v: string | null) => <Mono>{v}</Mono> },
    { title: t('pol.sumAssured'), key: 'sum', align: 'right', render: (_, p) => <Money value={p.sumAssured} /> },
    { title: t('pol.premium'), key: 'premium', align: 'right', render: (_, p) => <Money value={p.premium} /> },
    { title: t('pol.startDate'), dataIndex: 'startDate', key: 'startDate' },
    { title: t('pol.endDate'), dataIndex: 'endDate', key: 'endDate', render: (v: string | null) => v ?? t('pol.wholeLife') },
    { title: t('pol.org'), key: 'org', render: (_, p) => p.org.name },
    { title: t('pol.issuedAt'), dataIndex: 'issuedAt', key: 'issuedAt', sorter: true, sortOrder: sortOrderOf(filters.sort, 'issuedAt', '-issuedAt'), render: formatDateTime },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, p) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => navigate(`/policies/${p.id}`)}>
            {t('common.view')}
          </Button>
          {can('endorsement:request') && p.state !== 'SURRENDERED' && p.state !== 'CANCELLED_COOLING_OFF' && (
            <Button type="link" size="small" onClick={() => navigate(`/policies/${p.id}/endorse`)}>
              {t('pol.endorse')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  const filtered = Boolean(filters.q || filters.state || filters.productLine || filters.startFrom || filters.startTo || filters.endFrom || filters.endTo);
  return (
    <Card
      title={t('nav.policies')}
      extra={
        can('policy:export') && (
          <Button icon={<DownloadOutlined />} href={exportHref('/policies/export', filters)}>
            {t('common.export')}
          </Button>
        )
      }
    >
      <FilterForm form={form} name="policyFilters" onApply={apply} style={{ marginBottom: 16 }}>
        <Form.Item name="q" label={t('common.search')}>
          <Input.Search placeholder={t('pol.policySearchPlaceholder')} allowClear onSearch={apply} enterButton style={{ width: 360 }} maxLength={64} autoFocus />
        </Form.Item>
        <Form.Item name="state" label={t('pol.state')}>
          <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('common.all')} style={{ width: 200 }} options={POLICY_STATE_CODES.map((s) => ({ value: s, label: pick(POLICY_STATES[s]) }))} />
        </Form.Item>
        <Form.Item name="productLine" label={t('pol.line')}>
          <Select allowClear placeholder={t('common.all')} style={{ width: 140 }} popupMatchSelectWidth={false} options={PRODUCT_LINE_CODES.map((l) => ({ value: l, label: pick(PRODUCT_LINES[l]) }))} />
        </Form.Item>
        <Form.Item name="start" label={t('pol.startRange')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="end" label={t('pol.endRange')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
        </Form.Item>
      </FilterForm>
      <PagedTable<PolicySummary>
        query={query}
        paging={paging}
        columns={columns}
        data-testid="policy-table"
        emptyText={filtered ? t('pol.policies.emptyFiltered') : t('pol.policies.empty')}
        onSortChange={(sort) => setFilters((current) => ({ ...current, sort: sortParam(sort, SORTABLE) ?? '-issuedAt' }))}
      />
    </Card>
  );
}
