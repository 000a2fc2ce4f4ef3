import { Alert, Button, Descriptions, Space, Tag, type TableColumnsType } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import type { ApprovalEntry, ClaimDetail } from '../../../contracts/claim';
import { apiUrl } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useI18n, type MessageKey } from '../../app/i18n';
import { DataTable } from '../../components/DataTable';
import { Money } from '../policy/labels';
import { useDeclineReasons } from './queries';

const DECISION: Record<ApprovalEntry['decision'], { key: MessageKey; color: string }> = {
  SUBMIT: { key: 'claim.approval.SUBMIT', color: 'blue' },
  APPROVE: { key: 'claim.approval.APPROVE', color: 'success' },
  ESCALATE: { key: 'claim.approval.ESCALATE', color: 'orange' },
  DECLINE: { key: 'claim.approval.DECLINE', color: 'red' },
  RETURN: { key: 'claim.approval.RETURN', color: 'volcano' },
};

/** The decline letter (拒赔通知书) of a declined claim. */
export const declineLetterHref = (claimId: string) => apiUrl(`/claims/${claimId}/decline-letter.pdf`);

/** 拒赔原因 text of a code, as the settings name it (the code itself when unknown). */
export function useDeclineReasonText(enabled: boolean) {
  const { pick } = useI18n();
  const reasons = useDeclineReasons(enabled);
  return (code: string | null) => {
    if (!code) return '—';
    const reason = reasons.data?.find((r) => r.code === code);
    return reason ? `${pick(reason)}（${code}）` : code;
  };
}

/** 核赔: where the claim waits, every submission and decision, and the decline letter of a declined claim. */
export function ClaimApprovals({ c }: { c: ClaimDetail }) {
  const { t } = useI18n();
  const declineText = useDeclineReasonText(c.approvals.some((a) => a.declineCode));
  const columns: TableColumnsType<ApprovalEntry> = [
    { title: t('claim.at'), dataIndex: 'at', key: 'at', render: formatDateTime },
    { title: t('claim.approval.level'), dataIndex: 'level', key: 'level', render: (n: number) => t('claim.approval.levelN', { n }) },
    { title: t('claim.approval.org'), key: 'org', render: (_, a) => a.org.name },
    { title: t('claim.approval.decision'), dataIndex: 'decision', key: 'decision', render: (d: ApprovalEntry['decision']) => <Tag color={DECISION[d].color}>{t(DECISION[d].key)}</Tag> },
    { title: t('claim.by'), key: 'by', render: (_, a) => a.approver?.name ?? '—' },
    { title: t('claim.amount'), dataIndex: 'amount', key: 'amount', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('claim.approval.declineCode'), dataIndex: 'declineCode', key: 'code', render: declineText },
    { title: t('claim.reason'), dataIndex: 'reason', key: 'reason', render: (v: string | null) => v ?? '—' },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'calc', label: t('claim.calculatedTotal'), children: <Money value={c.calculatedTotal} /> },
          { key: 'approved', label: t('claim.approvedAmount'), children: <Money value={c.approvedAmount} /> },
          { key: 'org', label: t('claim.approval.waitingAt'), children: c.approvalOrg?.name ?? '—' },
        ]}
      />
      {c.state === 'DECLINED' && (
        <Alert
          type="error"
          showIcon
          data-testid="decline-info"
          title={t('claim.approval.declined', { reason: declineText(c.declineCode) })}
          description={c.declineReason}
          action={
            <Button icon={<FilePdfOutlined />} href={declineLetterHref(c.id)} target="_blank">
              {t('claim.approval.letter')}
            </Button>
          }
        />
      )}
      <DataTable rows={c.approvals} loading={false} columns={columns} emptyText={t('claim.approval.none')} pagination={false} size="small" data-testid="approval-history" />
    </Space>
  );
}
