import { useEffect, useState, type ThHTMLAttributes } from 'react';
import { Button, Card, Empty, Space, Table, Tag, Typography, type TableColumnsType, type TablePaginationConfig, type TableProps } from 'antd';
import { BankOutlined, DownloadOutlined, ImportOutlined, UserAddOutlined } from '@ant-design/icons';
import type { SorterResult } from 'antd/es/table/interface';
import { Link, useNavigate } from 'react-router-dom';
import { PERSON_ID_TYPES, SEXES, type PartyListItem } from '../../../contracts/party';
import { apiUrl } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { usePermission } from '../../app/session';
import { usePaging } from '../../components/DataTable';
import { PartyFiltersBar, type PartyFilterValues } from './PartyFiltersBar';
import { partyQueryParams, useParties, usePartiesAfter, type PartyFilters, type PartySort } from './queries';

function sortOrderOf(sort: PartySort | undefined, field: 'name' | 'createdAt'): 'ascend' | 'descend' | null {
  const current = sort ?? '-createdAt';
  if (current === field) return 'ascend';
  if (current === `-${field}`) return 'descend';
  return null;
}

function hasFilters(filters: PartyFilters): boolean {
  return Boolean(filters.q || filters.kind || filters.idType || filters.orgId || filters.createdFrom || filters.createdTo);
}

/** The table header without antd's aria-label on sortable columns (see components/DataTable). */
function HeaderCell({ 'aria-label': _label, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th {...props} />;
}
const tableComponents = { header: { cell: HeaderCell } };

/**
 * 客户列表: one search box, filters, sort, numbered pages up to the counted 10,000 and 加载更多
 * (keyset cursor) beyond; masked ID numbers and mobiles; Excel export with the same filters.
 */
export default function PartiesPage() {
  const { t, pick } = useI18n();
  const can = usePermission();
  const navigate = useNavigate();
  const paging = usePaging();
  const [filters, setFilters] = useState<PartyFilters>({ subOrgs: true });
  const query = useParties(filters, paging.page, paging.pageSize);
  const data = query.data;

  // Past the counted pages: continue from the last numbered page's cursor.
  const [continueFrom, setContinueFrom] = useState<string | null>(null);
  const after = usePartiesAfter(filters, continueFrom, paging.pageSize);
  useEffect(() => setContinueFrom(null), [filters, paging.page, paging.pageSize]);
  const lastNumberedPage = data ? Math.max(1, Math.ceil(data.total / paging.pageSize)) : 1;
  const canContinue = Boolean(data?.totalCapped && paging.page >= lastNumberedPage && data.nextCursor);
  const extraRows = after.data?.pages.flatMap((page) => page.items) ?? [];
  const rows = [...(data?.items ?? []), ...extraRows];
  const hasMoreAfter = continueFrom === null ? canContinue : after.isPending || after.hasNextPage;

  const columns: TableColumnsType<PartyListItem> = [
    { title: t('party.partyNo'), dataIndex: 'partyNo', key: 'partyNo', fixed: 'left', render: (value: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{value}</Typography.Text> },
    {
      title: t('party.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrderOf(filters.sort, 'name'),
      render: (name: string, row) => <Link to={`/parties/${row.id}`}>{name}</Link>,
    },
    {
      title: t('party.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (kind: PartyListItem['kind']) => <Tag color={kind === 'PERSON' ? 'blue' : 'purple'}>{t(`party.kind.${kind}`)}</Tag>,
    },
    {
      title: t('party.idType'),
      dataIndex: 'idType',
      key: 'idType',
      render: (idType: PartyListItem['idType']) => (idType === 'USCC' ? t('party.uscc') : pick(PERSON_ID_TYPES[idType])),
    },
    { title: t('party.idNumber'), dataIndex: 'idNumberMasked', key: 'idNumber', render: (value: string) => <span style={{ fontFamily: 'monospace' }}>{value}</span> },
    { title: t('party.sex'), dataIndex: 'sex', key: 'sex', render: (sex: PartyListItem['sex']) => (sex ? pick(SEXES[sex]) : '—') },
    { title: t('party.birthDate'), dataIndex: 'birthDate', key: 'birthDate', render: (value: string | null) => value ?? '—' },
    { title: t('party.mobile'), dataIndex: 'mobileMasked', key: 'mobile', render: (value: string | null) => value ?? '—' },
    { title: t('party.org'), dataIndex: 'orgName', key: 'orgName' },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      sorter: true,
      sortOrder: sortOrderOf(filters.sort, 'createdAt'),
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => navigate(`/parties/${row.id}`)}>
            {t('common.view')}
          </Button>
          {can('party:write') && (
            <Button type="link" size="small" onClick={() => navigate(`/parties/${row.id}/edit`)}>
              {t('common.edit')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const pagination: TablePaginationConfig = {
    current: paging.page,
    pageSize: paging.pageSize,
    total: data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (total) => t('common.total', { total: data?.totalCapped ? `${total}+` : total }),
  };

  const onTableChange: TableProps<PartyListItem>['onChange'] = (next, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const single = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<PartyListItem> | undefined;
      const field = single?.columnKey ?? single?.field;
      let sort: PartySort | undefined;
      if (single?.order && (field === 'name' || field === 'createdAt')) sort = single.order === 'descend' ? `-${field}` : field;
      setFilters((current) => ({ ...current, sort }));
      paging.reset();
      return;
    }
    if (next.pageSize && next.pageSize !== paging.pageSize) {
      paging.setPageSize(next.pageSize);
      paging.reset();
    } else if (next.current) {
      paging.setPage(next.current);
    }
  };

  const filtered = hasFilters(filters);
  const emptyText = filtered ? t('party.emptyFiltered') : t('party.empty');

  return (
    <Card
      title={t('nav.parties')}
      extra={
        <Space wrap>
          {can('party:write') && (
            <>
              <Button type="primary" icon={<UserAddOutlined />} onClick={() => navigate('/parties/new/person')}>
                {t('party.newPerson')}
              </Button>
              <Button icon={<BankOutlined />} onClick={() => navigate('/parties/new/organization')}>
                {t('party.newOrganization')}
              </Button>
            </>
          )}
          {can('party:import') && (
            <Button icon={<ImportOutlined />} onClick={() => navigate('/parties/import')}>
              {t('party.import')}
            </Button>
          )}
          {can('party:export') && (
            <Button icon={<DownloadOutlined />} href={apiUrl('/parties/export', partyQueryParams(filters))}>
              {t('common.export')}
            </Button>
          )}
        </Space>
      }
    >
      <div style={{ marginBottom: 16 }}>
        <PartyFiltersBar
          onChange={(next: PartyFilterValues) => {
            setFilters((current) => ({ ...next, sort: current.sort }));
            paging.reset();
          }}
        />
      </div>
      <Table<PartyListItem>
        size="middle"
        rowKey="id"
        dataSource={rows}
        loading={query.isFetching || (after.isFetching && !after.isFetchingNextPage)}
        columns={columns}
        components={tableComponents}
        scroll={{ x: 'max-content' }}
        // Rows fetched by cursor are appended below the last numbered page: no pager then.
        pagination={extraRows.length > 0 ? false : pagination}
        onChange={onTableChange}
        data-testid="party-table"
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText}>
              {!filtered && can('party:write') && (
                <Space>
                  <Button type="primary" onClick={() => navigate('/parties/new/person')}>
                    {t('party.newPerson')}
                  </Button>
                  <Button onClick={() => navigate('/parties/new/organization')}>{t('party.newOrganization')}</Button>
                </Space>
              )}
            </Empty>
          ),
        }}
      />
      {(canContinue || extraRows.length > 0) && (
        <div style={{ textAlign: 'center', marginTop: 8 }} data-testid="party-load-more">
          <Typography.Text type="secondary" style={{ marginRight: 12 }}>
            {t('party.beyondCap', { count: rows.length })}
          </Typography.Text>
          {hasMoreAfter ? (
            <Button
              loading={after.isFetching}
              onClick={() => (continueFrom === null ? setContinueFrom(data?.nextCursor ?? null) : void after.fetchNextPage())}
            >
              {t('common.loadMore')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
          )}
          {extraRows.length > 0 && (
            <Button type="link" onClick={() => setContinueFrom(null)}>
              {t('party.backToPages')}
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}
