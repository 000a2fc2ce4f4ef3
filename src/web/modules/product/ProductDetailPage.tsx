import { useState } from 'react';
import { Button, Card, Descriptions, Select, Space, Tag, Timeline, Typography } from 'antd';
import { DiffOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { PRODUCT_LINES, RATING_METHODS, VERSION_STATUSES } from '../../../contracts/product';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { usePermission } from '../../app/session';
import { ErrorResult, PageLoading } from '../../components/results';
import { StatusTag, usePeriod } from './labels';
import { useNewVersion, useProduct } from './queries';

/** 产品详情: the product, its versions newest first, a new version, and picking two to compare. */
export default function ProductDetailPage() {
  const { id } = useParams();
  const { t, pick } = useI18n();
  const can = usePermission();
  const navigate = useNavigate();
  const period = usePeriod();
  const product = useProduct(id);
  const newVersion = useNewVersion();
  const versions = product.data?.versions ?? [];
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string>();

  if (product.isLoading) return <PageLoading />;
  if (product.error || !product.data) return <ErrorResult error={product.error} onRetry={() => product.refetch()} />;
  const p = product.data;
  const options = versions.map((v) => ({ value: v.id, label: `${t('product.versionLabel', { no: v.versionNo })} · ${pick(VERSION_STATUSES[v.status])}` }));
  const fromId = from ?? versions[1]?.id;
  const toId = to ?? versions[0]?.id;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={`${p.code} ${p.name}`}
        extra={
          can('product:write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              loading={newVersion.isPending}
              title={t('product.newVersionHint')}
              onClick={() =>
                newVersion.mutate(p.id, {
                  onSuccess: (v) => {
                    notifySuccess(t('product.newVersionDone', { no: v.versionNo }));
                    navigate(`/products/versions/${v.id}`);
                  },
                })
              }
            >
              {t('product.newVersion')}
            </Button>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('product.code')}>{p.code}</Descriptions.Item>
          <Descriptions.Item label={t('product.line')}>{pick(PRODUCT_LINES[p.line])}</Descriptions.Item>
          <Descriptions.Item label={t('product.createdBy')}>
            {p.createdBy.name}（{formatDateTime(p.createdAt)}）
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('product.versions')} size="small" data-testid="product-versions">
        <Timeline
          items={versions.map((v) => ({
            color: v.status === 'APPROVED' ? 'green' : v.status === 'DRAFT' ? 'blue' : 'gray',
            children: (
              <div data-testid={`version-${v.versionNo}`}>
                <Space wrap>
                  <Typography.Text strong>{t('product.versionLabel', { no: v.versionNo })}</Typography.Text>
                  <StatusTag status={v.status} />
                  {v.quotable && <Tag color="green">{t('product.quotable')}</Tag>}
                  <Typography.Text type="secondary">
                    {t('product.period')} {period(v)}
                  </Typography.Text>
                  <Typography.Text type="secondary">{pick(RATING_METHODS[v.ratingMethod])}</Typography.Text>
                  <Link to={`/products/versions/${v.id}`}>{v.status === 'DRAFT' && can('product:write') ? t('product.editVersion') : t('product.openVersion')}</Link>
                </Space>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[
                      t('product.madeBy', { name: v.updatedBy.name }),
                      v.approvedBy && `${t('product.approvedBy', { name: v.approvedBy.name })} ${formatDateTime(v.approvedAt)}`,
                      v.retiredBy && `${t('product.retiredBy', { name: v.retiredBy.name })} ${formatDateTime(v.retiredAt)}`,
                      v.note,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography.Text>
                </div>
              </div>
            ),
          }))}
        />
      </Card>

      {versions.length > 1 && (
        <Card title={t('product.compare')} size="small">
          <Space wrap>
            <span>{t('product.compareFrom')}</span>
            <Select id="compare-from" aria-label={t('product.compareFrom')} value={fromId} onChange={setFrom} options={options} style={{ width: 180 }} />
            <span>{t('product.compareTo')}</span>
            <Select id="compare-to" aria-label={t('product.compareTo')} value={toId} onChange={setTo} options={options} style={{ width: 180 }} />
            <Button icon={<DiffOutlined />} disabled={!fromId || !toId || fromId === toId} onClick={() => navigate(`/products/diff?from=${fromId}&to=${toId}`)}>
              {t('product.compareGo')}
            </Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}
