import { useState } from 'react';
import { Alert, Button, Card, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { AUDIT_ACTIONS, type AuditEvent, type AuditVerifyResult } from '../../../../contracts/system';
import { apiUrl } from '../../../app/api';
import { formatDateTime } from '../../../app/format';
import { useI18n, useT } from '../../../app/i18n';
import { usePermission } from '../../../app/session';
import { DataTable } from '../../../components/DataTable';
import { JsonBlock } from '../../../components/JsonBlock';
import { useAuditEvents, useVerifyAudit, type AuditFilters } from '../queries';
import { AuditFilterForm } from './AuditFilterForm';

const OUTCOME_COLORS: Record<AuditEvent['outcome'], string> = { SUCCESS: 'success', FAILURE: 'error', DENIED: 'warning' };

function VerifyResult({ result, onClose }: { result: AuditVerifyResult; onClose: () => void }) {
  const t = useT();
  return (
    <Alert
      data-testid="audit-verify-result"
      type={result.ok ? 'success' : 'error'}
      showIcon
      closable={{ onClose }}
      style={{ marginBottom: 16 }}
      title={result.ok ? t('audit.verifyOk') : t('audit.verifyBad', { seq: result.firstBadSeq ?? '?' })}
      description={
        result.ok
          ? t('audit.verifyOkDetail', { checked: result.checked })
          : t('audit.verifyBadDetail', { checked: result.checked, problem: result.problem ?? '—' })
      }
    />
  );
}

function EventDetail({ event }: { event: AuditEvent }) {
  const t = useT();
  return (
    <div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('audit.seq')}: {event.seq} · {t('audit.roles')}: {event.roles ?? '—'} · {t('audit.requestId')}: {event.requestId ?? '—'}
      </Typography.Paragraph>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <JsonBlock title={t('audit.before')} value={event.before} />
        <JsonBlock title={t('audit.after')} value={event.after} />
        {event.details !== null && event.details !== undefined && <JsonBlock title={t('audit.details')} value={event.details} />}
      </div>
    </div>
  );
}

/** 审计日志: filters, keyset paging (加载更多), before/after expander, export, chain verification. */
export default function AuditPage() {
  const { t, pick } = useI18n();
  const can = usePermission();
  const [filters, setFilters] = useState<AuditFilters>({});
  const query = useAuditEvents(filters);
  const verify = useVerifyAudit();
  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];

  const columns: TableColumnsType<AuditEvent> = [
    { title: t('audit.time'), dataIndex: 'occurredAt', key: 'occurredAt', render: formatDateTime, width: 170 },
    { title: t('audit.username'), dataIndex: 'username', key: 'username', render: (v: string | null) => v ?? '—' },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      render: (v: string) => (
        <Space size={4}>
          <span>{AUDIT_ACTIONS[v] ? pick(AUDIT_ACTIONS[v]) : v}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {v}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('audit.objectType'), dataIndex: 'objectType', key: 'objectType', render: (v: string | null) => v ?? '—' },
    {
      title: t('audit.objectId'),
      dataIndex: 'objectId',
      key: 'objectId',
      render: (v: string | null) => (v ? <Typography.Text copyable={{ text: v }}>{v.length > 13 ? `${v.slice(0, 8)}…` : v}</Typography.Text> : '—'),
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      key: 'outcome',
      render: (v: AuditEvent['outcome']) => <Tag color={OUTCOME_COLORS[v]}>{t(`audit.outcome.${v}`)}</Tag>,
    },
    { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Card
      title={t('nav.audit')}
      extra={
        <Space>
          <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
            {t('audit.verify')}
          </Button>
          {can('audit:export') && (
            <Button icon={<DownloadOutlined />} href={apiUrl('/audit-events/export', { ...filters })}>
              {t('common.export')}
            </Button>
          )}
        </Space>
      }
    >
      {verify.data && <VerifyResult result={verify.data} onClose={() => verify.reset()} />}
      <div style={{ marginBottom: 16 }}>
        <AuditFilterForm onChange={setFilters} />
      </div>
      <DataTable<AuditEvent>
        rows={rows}
        rowKey="seq"
        loading={query.isFetching && !query.isFetchingNextPage}
        columns={columns}
        emptyText={t('audit.empty')}
        pagination={false}
        expandable={{ expandedRowRender: (event) => <EventDetail event={event} /> }}
      />
      {rows.length > 0 && (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Typography.Text type="secondary" style={{ marginRight: 12 }}>
            {t('audit.shown', { count: rows.length })}
          </Typography.Text>
          {query.hasNextPage ? (
            <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
          )}
        </div>
      )}
    </Card>
  );
}
