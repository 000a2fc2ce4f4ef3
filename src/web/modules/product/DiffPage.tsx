import { useMemo, useState } from 'react';
import { Card, Empty, Space, Switch, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import {
  CHANNELS,
  LIFE_BENEFITS,
  PAYMENT_MODES,
  RATING_METHODS,
  RISK_LEVELS,
  type Channel,
  type DiffRow,
  type DiffValue,
  type LifeBenefit,
  type PaymentMode,
  type RatingMethod,
  type RiskLevel,
  type VersionDetail,
} from '../../../contracts/product';
import { useI18n, type MessageKey } from '../../app/i18n';
import { ErrorResult, PageLoading } from '../../components/results';
import { StatusTag, usePeriod } from './labels';
import { useVersionDiff } from './queries';

const SIMPLE: Record<string, MessageKey> = {
  effectiveFrom: 'version.effectiveFrom',
  effectiveTo: 'version.effectiveTo',
  note: 'version.note',
  minAge: 'version.minAge',
  maxAge: 'version.maxAge',
  minSumAssured: 'version.minSumAssured',
  maxSumAssured: 'version.maxSumAssured',
  paymentModes: 'version.paymentModes',
  coverageTerms: 'version.coverageTerms',
  paymentTerms: 'version.paymentTerms',
  riskLevel: 'version.riskLevel',
  channels: 'pquote.channel',
  filingNo: 'version.filingNo',
  'rating.method': 'version.method',
  'rating.benefit': 'version.benefit',
  'rating.tableMale': 'version.tableMale',
  'rating.tableFemale': 'version.tableFemale',
  'rating.interest': 'version.interest',
  'rating.expenseRatio': 'version.expenseRatio',
  'rating.perPolicy': 'version.perPolicy',
  'rating.defaultPricingCoefficient': 'version.defaultPricingCoefficient',
  'rating.rate': 'version.rate',
  'rating.minPremium': 'version.minPremium',
};

const COVERAGE_FIELD: Record<string, MessageKey> = { name: 'version.coverageName', limit: 'version.coverageLimit', deductible: 'version.coverageDeductible' };

function useDiffLabels(from: VersionDetail, to: VersionDetail) {
  const { t, pick } = useI18n();
  const coverageName = (code: string) => to.definition.coverages.find((c) => c.code === code)?.name ?? from.definition.coverages.find((c) => c.code === code)?.name ?? code;
  const label = (path: string[]): string => {
    const key = path.join('.');
    if (SIMPLE[key]) return t(SIMPLE[key]);
    if (path[0] === 'coverages') return `${coverageName(path[1])}（${path[1]}）· ${t(COVERAGE_FIELD[path[2]] ?? 'version.coverages')}`;
    if (path[0] === 'coolingOffDays') return t('version.coolingOff', { channel: pick(CHANNELS[path[1] as Channel] ?? { zh: path[1], en: path[1] }) });
    return key;
  };
  const value = (path: string[], v: DiffValue): string => {
    if (v === null || (Array.isArray(v) && v.length === 0)) return t('diff.none');
    const key = path.join('.');
    if (Array.isArray(v)) {
      if (key === 'channels') return (v as string[]).map((c) => pick(CHANNELS[c as Channel])).join('、');
      if (key === 'paymentModes') return (v as string[]).map((m) => pick(PAYMENT_MODES[m as PaymentMode])).join('、');
      return v.join('、');
    }
    if (key === 'rating.method') return pick(RATING_METHODS[v as RatingMethod]);
    if (key === 'rating.benefit') return pick(LIFE_BENEFITS[v as LifeBenefit]);
    if (key === 'riskLevel') return pick(RISK_LEVELS[v as RiskLevel]);
    return String(v);
  };
  return { label, value };
}

function VersionHead({ v }: { v: VersionDetail }) {
  const { t } = useI18n();
  const period = usePeriod();
  return (
    <Space size={4} wrap>
      <Link to={`/products/versions/${v.id}`}>{t('product.versionLabel', { no: v.versionNo })}</Link>
      <StatusTag status={v.status} />
      <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
        {period(v)}
      </Typography.Text>
    </Space>
  );
}

function DiffTable({ from, to, rows }: { from: VersionDetail; to: VersionDetail; rows: DiffRow[] }) {
  const { t } = useI18n();
  const { label, value } = useDiffLabels(from, to);
  const [onlyChanged, setOnlyChanged] = useState(false);
  const changed = rows.filter((r) => r.changed).length;
  const shown = useMemo(() => (onlyChanged ? rows.filter((r) => r.changed) : rows), [rows, onlyChanged]);
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text strong data-testid="diff-count">
          {changed ? t('diff.changedCount', { count: changed }) : t('diff.noChanges')}
        </Typography.Text>
        <Switch checked={onlyChanged} onChange={setOnlyChanged} aria-label={t('diff.onlyChanged')} />
        <span>{t('diff.onlyChanged')}</span>
      </Space>
      <Table<DiffRow>
        size="small"
        bordered
        pagination={false}
        rowKey={(r) => r.path.join('.')}
        dataSource={shown}
        data-testid="diff-table"
        onRow={(r) => ({ 'data-changed': r.changed ? 'true' : 'false', 'data-path': r.path.join('.'), style: r.changed ? { background: '#fff7e6' } : undefined }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('diff.field'),
            key: 'field',
            width: '30%',
            render: (_, r) => (
              <Space size={4}>
                <span>{label(r.path)}</span>
                {r.changed && <Tag color="orange">{t('diff.changed')}</Tag>}
              </Space>
            ),
          },
          { title: <VersionHead v={from} />, key: 'before', render: (_, r) => <span style={r.changed ? { color: '#cf1322', textDecoration: r.after === null ? 'line-through' : undefined } : undefined}>{value(r.path, r.before)}</span> },
          { title: <VersionHead v={to} />, key: 'after', render: (_, r) => <span style={r.changed ? { color: '#389e0d', fontWeight: 600 } : undefined}>{value(r.path, r.after)}</span> },
        ]}
      />
    </>
  );
}

/** 版本比较: every field of two versions side by side, changed ones highlighted. */
export default function DiffPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const diff = useVersionDiff(from, to);
  if (!from || !to) return <Card title={t('diff.title')}><Empty description={t('diff.pick')} /></Card>;
  if (diff.isLoading) return <PageLoading />;
  if (diff.error || !diff.data) return <ErrorResult error={diff.error} onRetry={() => diff.refetch()} />;
  const d = diff.data;
  return (
    <Card title={`${t('diff.title')} · ${d.to.product.code} ${d.to.product.name}`} extra={<Link to={`/products/${d.to.product.id}`}>{t('nav.productDetail')}</Link>}>
      <DiffTable from={d.from} to={d.to} rows={d.rows} />
    </Card>
  );
}
