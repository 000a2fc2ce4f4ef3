import { useState } from 'react';
import { Button, Card, Empty, Form, Input, Select, Space, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { PRODUCT_LINE_CODES, PRODUCT_LINES, VERSION_STATUS_CODES, VERSION_STATUSES, type ProductLine, type ProductListItem } from '../../../contracts/product';
import { apiUrl } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { usePermission } from '../../app/session';
import { PagedTable, usePaging } from '../../components/DataTable';
import { FormModal } from '../../components/FormModal';
import { showProductFieldError } from './fieldErrors';
import { StatusTag, usePeriod } from './labels';
import { productQueryParams, useCreateProduct, useProducts, type ProductFilters } from './queries';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today in Beijing time, 'YYYY-MM-DD'. */
export function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

interface CreateValues {
  code: string;
  name: string;
  line: ProductLine;
  effectiveFrom: string;
  note?: string;
}

function CreateProductModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, pick } = useI18n();
  const create = useCreateProduct();
  const navigate = useNavigate();
  const required = (key: Parameters<typeof t>[0]) => ({ required: true, message: t('common.required', { field: t(key) }) });
  return (
    <FormModal<CreateValues>
      open={open}
      name="newProduct"
      title={t('product.create')}
      initialValues={{ effectiveFrom: shanghaiToday() }}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onSubmit={(values, form) =>
        create.mutate(
          { ...values, code: values.code.trim().toUpperCase(), note: values.note?.trim() || null },
          {
            onSuccess: (product) => {
              notifySuccess(t('product.created'));
              onClose();
              navigate(`/products/versions/${product.versions[0].id}`);
            },
            onError: (error) => {
              if (!showProductFieldError(form, error)) notifyError(error);
            },
          },
        )
      }
    >
      <Form.Item name="code" label={t('product.code')} extra={t('product.codeHint')} rules={[required('product.code'), { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/, message: t('product.codeInvalid') }]}>
        <Input autoFocus maxLength={32} style={{ textTransform: 'uppercase' }} />
      </Form.Item>
      <Form.Item name="name" label={t('product.name')} rules={[required('product.name')]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="line" label={t('product.line')} rules={[required('product.line')]}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={PRODUCT_LINE_CODES.map((l) => ({ value: l, label: pick(PRODUCT_LINES[l]) }))} />
      </Form.Item>
      <Form.Item name="effectiveFrom" label={t('version.effectiveFrom')} rules={[required('version.effectiveFrom'), { pattern: DATE, message: t('version.dateInvalid') }]}>
        <Input placeholder={t('version.datePlaceholder')} maxLength={10} />
      </Form.Item>
      <Form.Item name="note" label={t('version.note')}>
        <Input maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

/** 产品列表: search by code or name, filter by line and version status, Excel export. */
export default function ProductsPage() {
  const { t, pick } = useI18n();
  const can = usePermission();
  const paging = usePaging();
  const period = usePeriod();
  const [filters, setFilters] = useState<ProductFilters>({});
  const [creating, setCreating] = useState(false);
  const query = useProducts(filters, paging.page, paging.pageSize);
  const [form] = Form.useForm<ProductFilters>();
  const apply = () => {
    paging.reset();
    setFilters(form.getFieldsValue());
  };

  const columns: TableColumnsType<ProductListItem> = [
    { title: t('product.code'), dataIndex: 'code', key: 'code', fixed: 'left', render: (code: string, p) => <Link to={`/products/${p.id}`}>{code}</Link> },
    { title: t('product.name'), dataIndex: 'name', key: 'name' },
    { title: t('product.line'), dataIndex: 'line', key: 'line', render: (line: ProductLine) => pick(PRODUCT_LINES[line]) },
    {
      title: t('product.currentVersion'),
      key: 'current',
      render: (_, p) =>
        p.currentVersion ? (
          <Space size={4}>
            <Link to={`/products/versions/${p.currentVersion.id}`}>{t('product.versionLabel', { no: p.currentVersion.versionNo })}</Link>
            <Typography.Text type="secondary">{period(p.currentVersion)}</Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('product.noCurrent')}</Typography.Text>
        ),
    },
    {
      title: t('product.latestVersion'),
      key: 'latest',
      render: (_, p) => (
        <Space size={4}>
          <Link to={`/products/versions/${p.latestVersion.id}`}>{t('product.versionLabel', { no: p.latestVersion.versionNo })}</Link>
          <StatusTag status={p.latestVersion.status} />
        </Space>
      ),
    },
    { title: t('product.versionCount'), dataIndex: 'versionCount', key: 'versionCount', align: 'right' },
    { title: t('product.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', render: (v: string) => formatDateTime(v) },
  ];

  const empty = !query.isFetching && query.data?.total === 0 && !filters.q && !filters.line && !filters.status;

  return (
    <Card
      title={t('nav.products')}
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} href={apiUrl('/products/export', productQueryParams(filters))}>
            {t('common.export')}
          </Button>
          {can('product:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('product.create')}
            </Button>
          )}
        </Space>
      }
    >
      <Form<ProductFilters> form={form} name="productFilters" layout="inline" onFinish={apply} onValuesChange={(changed) => !('q' in changed) && apply()} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="q" label={t('common.search')}>
          <Input.Search placeholder={t('product.searchPlaceholder')} allowClear onSearch={apply} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="line" label={t('product.line')}>
          <Select allowClear placeholder={t('common.all')} style={{ width: 150 }} options={PRODUCT_LINE_CODES.map((l) => ({ value: l, label: pick(PRODUCT_LINES[l]) }))} />
        </Form.Item>
        <Form.Item name="status" label={t('product.status')}>
          <Select allowClear placeholder={t('common.all')} style={{ width: 120 }} options={VERSION_STATUS_CODES.map((s) => ({ value: s, label: pick(VERSION_STATUSES[s]) }))} />
        </Form.Item>
      </Form>
      {empty ? (
        <Empty description={t('product.empty')} data-testid="products-empty">
          {can('product:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('product.create')}
            </Button>
          )}
          <div>
            <Typography.Text type="secondary">{can('product:write') ? t('product.emptyHint') : ''}</Typography.Text>
          </div>
        </Empty>
      ) : (
        <PagedTable<ProductListItem> query={query} paging={paging} columns={columns} emptyText={t('product.empty')} />
      )}
      <CreateProductModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
