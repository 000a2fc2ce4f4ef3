import { useMemo, useState, type ReactNode } from 'react';
import { Card, Col, DatePicker, Empty, Form, Row, Space, Statistic, Typography, type GetProps } from 'antd';
import { CLAIM_STATES, type ClaimKpis } from '../../../contracts/claim';
import { useI18n } from '../../app/i18n';
import { usePermission } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/results';
import { OrgTreeSelect } from '../system/components/OrgTreeSelect';
import { twoDecimals } from '../policy/money';
import { OpsChart, type OpsChartOption } from './OpsChart';
import { useClaimKpis, type KpiFilters } from './opsQueries';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];

interface FilterValues {
  orgId?: string;
  period?: RangeValue;
}

// Chart axes need numbers: amounts are converted for drawing only; figures shown as text stay decimal strings.
const num = (value: string) => Number(value);
const grid = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };

/** A chart card, or an empty state when there is nothing to draw. */
function ChartCard({ title, empty, children }: { title: string; empty: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={title}>
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cop.kpi.noData')} style={{ height: 248, margin: 0, paddingTop: 64 }} /> : children}
    </Card>
  );
}

function useChartOptions(k: ClaimKpis | undefined) {
  const { t, pick, lang } = useI18n();
  return useMemo(() => {
    if (!k) return null;
    const yuan = t('rating.yuan');
    const bar = (categories: string[], series: { name: string; data: number[] }[], horizontal = false): OpsChartOption => ({
      tooltip: { trigger: 'axis' },
      legend: series.length > 1 ? { top: 0 } : undefined,
      grid,
      xAxis: horizontal ? { type: 'value', minInterval: 1 } : { type: 'category', data: categories, axisLabel: { interval: 0 } },
      yAxis: horizontal ? { type: 'category', data: categories, inverse: true } : { type: 'value', minInterval: 1 },
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, barMaxWidth: 36, label: { show: true, position: horizontal ? 'right' : 'top' } })),
    });
    return {
      byState: bar(
        k.pendingByState.map((s) => pick(CLAIM_STATES[s.state])),
        [{ name: t('cop.kpi.claims'), data: k.pendingByState.map((s) => s.count) }],
      ),
      byHandler: bar(
        k.pendingByHandler.map((h) => h.handler.name),
        [{ name: t('cop.kpi.claims'), data: k.pendingByHandler.map((h) => h.count) }],
        true,
      ),
      cycle: bar(
        k.cycleTimes.map((c) => pick(CLAIM_STATES[c.state])),
        [
          { name: t('cop.kpi.avgDays'), data: k.cycleTimes.map((c) => num(c.avgDays)) },
          { name: t('cop.kpi.p90Days'), data: k.cycleTimes.map((c) => num(c.p90Days)) },
        ],
      ),
      paid: {
        tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${yuan}` },
        grid,
        xAxis: { type: 'category', data: k.paidByMonth.map((m) => m.month), boundaryGap: false },
        yAxis: { type: 'value' },
        series: [{ type: 'line', name: t('cop.kpi.paid'), data: k.paidByMonth.map((m) => num(m.amount)), areaStyle: { opacity: 0.15 }, smooth: true }],
      } satisfies OpsChartOption,
      reported: {
        tooltip: { trigger: 'axis' },
        grid,
        xAxis: { type: 'category', data: k.reportedByMonth.map((m) => m.month) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'line', name: t('cop.kpi.reported'), data: k.reportedByMonth.map((m) => m.count), label: { show: true } }],
      } satisfies OpsChartOption,
    };
  }, [k, t, pick, lang]);
}

/**
 * 理赔看板 (/claims/dashboard): pending claims by stage and by handler, days spent per stage (average
 * and 90th percentile), reserve and paid totals, paid and reported per month — within the caller's
 * scope, for an org subtree and a period.
 */
export default function ClaimDashboardPage() {
  const { t } = useI18n();
  const can = usePermission();
  const [filters, setFilters] = useState<KpiFilters>({});
  const query = useClaimKpis(filters);
  const k = query.data;
  const options = useChartOptions(k);
  const pending = k?.pendingByState.reduce((n, s) => n + s.count, 0) ?? 0;
  const reported = k?.reportedByMonth.reduce((n, m) => n + m.count, 0) ?? 0;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="claim-dashboard">
      <Card title={t('nav.claimDashboard')} size="small">
        <Form<FilterValues>
          layout="inline"
          name="kpiFilters"
          style={{ rowGap: 8 }}
          onValuesChange={(_, all) =>
            setFilters({ orgId: all.orgId || undefined, from: all.period?.[0]?.format('YYYY-MM-DD'), to: all.period?.[1]?.format('YYYY-MM-DD') })
          }
        >
          {can('org:read') && (
            <Form.Item name="orgId" label={t('cop.org')}>
              <OrgTreeSelect allowClear placeholder={t('cop.kpi.allOrgs')} style={{ width: 240 }} />
            </Form.Item>
          )}
          <Form.Item name="period" label={t('cop.kpi.period')} extra={t('cop.kpi.periodHint')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 260 }} />
          </Form.Item>
        </Form>
      </Card>
      {query.isError && <ErrorAlert error={query.error} />}
      {query.isPending ? (
        <PageLoading />
      ) : (
        k &&
        options && (
          <>
            <Row gutter={[16, 16]}>
              {[
                { key: 'reserve', title: t('cop.kpi.reserveTotal'), value: twoDecimals(k.reserveTotal), suffix: t('rating.yuan') },
                { key: 'paid', title: t('cop.kpi.paidTotal'), value: twoDecimals(k.paidTotal), suffix: t('rating.yuan') },
                { key: 'pending', title: t('cop.kpi.pendingTotal'), value: pending, suffix: t('cop.kpi.claimsUnit') },
                { key: 'reported', title: t('cop.kpi.reportedTotal'), value: reported, suffix: t('cop.kpi.claimsUnit') },
              ].map((s) => (
                <Col xs={12} xl={6} key={s.key}>
                  <Card size="small">
                    <Statistic title={s.title} value={s.value} suffix={s.suffix} data-testid={`kpi-${s.key}`} />
                  </Card>
                </Col>
              ))}
            </Row>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <ChartCard title={t('cop.kpi.byState')} empty={pending === 0}>
                  <OpsChart option={options.byState} label={t('cop.kpi.byState')} testId="chart-by-state" />
                </ChartCard>
              </Col>
              <Col xs={24} xl={12}>
                <ChartCard title={t('cop.kpi.byHandler')} empty={k.pendingByHandler.length === 0}>
                  <OpsChart option={options.byHandler} label={t('cop.kpi.byHandler')} testId="chart-by-handler" />
                </ChartCard>
              </Col>
              <Col xs={24} xl={12}>
                <ChartCard title={t('cop.kpi.cycle')} empty={k.cycleTimes.every((c) => c.claims === 0)}>
                  <OpsChart option={options.cycle} label={t('cop.kpi.cycle')} testId="chart-cycle" />
                </ChartCard>
              </Col>
              <Col xs={24} xl={12}>
                <ChartCard title={t('cop.kpi.paidByMonth')} empty={k.paidByMonth.every((m) => m.claims === 0)}>
                  <OpsChart option={options.paid} label={t('cop.kpi.paidByMonth')} testId="chart-paid" />
                </ChartCard>
              </Col>
              <Col xs={24}>
                <ChartCard title={t('cop.kpi.reportedByMonth')} empty={reported === 0}>
                  <OpsChart option={options.reported} label={t('cop.kpi.reportedByMonth')} testId="chart-reported" height={240} />
                </ChartCard>
              </Col>
            </Row>
            <Typography.Text type="secondary">{t('cop.kpi.scopeHint')}</Typography.Text>
          </>
        )
      )}
    </Space>
  );
}
