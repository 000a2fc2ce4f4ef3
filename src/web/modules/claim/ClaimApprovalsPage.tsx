import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Radio, Select, Space, Spin, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CheckOutlined, RiseOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import type { ApprovalInboxItem } from '../../../contracts/claim';
import { PRODUCT_LINES } from '../../../contracts/product';
import { isApiError, type ApiError } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { PagedTable, usePaging } from '../../components/DataTable';
import { FormModal, showServerFieldError } from '../../components/FormModal';
import { ReasonModal } from '../policy/components';
import { Money, useMoneyText } from '../policy/labels';
import { useClaimColumns } from './OpsColumns';
import { useApprovalInbox, useMyAuthority, type ApprovalScope } from './opsQueries';
import { useClaimAction, useDeclineReasons } from './queries';

/** How long a claim has waited: whole days and hours since it was submitted. */
function useWaitingText() {
  const { t } = useI18n();
  return (since: string) => {
    const hours = Math.max(0, Math.floor((Date.now() - new Date(since).getTime()) / 3_600_000));
    if (hours < 1) return t('cop.appr.waitingNew');
    return hours < 24 ? t('cop.appr.waitingHours', { h: hours }) : t('cop.appr.waitingDays', { d: Math.floor(hours / 24), h: hours % 24 });
  };
}

/** 您的核赔权限: the caller's authority per line (the larger of their own and their roles'). */
function AuthorityBar() {
  const { t, pick } = useI18n();
  const query = useMyAuthority();
  return (
    <Spin spinning={query.isFetching}>
      <Space wrap data-testid="my-authority" style={{ marginBottom: 16 }}>
        <Typography.Text strong>{t('cop.appr.myAuthority')}</Typography.Text>
        {query.data?.length === 0 && <Typography.Text type="warning">{t('cop.appr.noAuthority')}</Typography.Text>}
        {query.data?.map((a) => (
          <Tag key={a.line} color="blue">
            {pick(PRODUCT_LINES[a.line])} <Money value={a.amount} /> {a.source === 'ROLE' ? t('cop.appr.byRole') : ''}
          </Tag>
        ))}
      </Space>
    </Spin>
  );
}

/** The refusal of an approval above authority, with the org to escalate to (null at the top). */
interface Exceeded {
  item: ApprovalInboxItem;
  message: string;
  escalateTo: { orgId: string; orgName: string } | null;
}

interface DeclineValues {
  declineCode: string;
  reason: string;
}

/**
 * 核赔待办 (/claim-approvals): claims waiting for a decision at my org (or anywhere in my scope),
 * oldest first, each with my authority for its line. 核赔通过 in place; above my authority the
 * server names the org to 上报; 拒赔 with a reason code and an explanation.
 */
export default function ClaimApprovalsPage() {
  const { t, pick } = useI18n();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const money = useMoneyText();
  const waiting = useWaitingText();
  const paging = usePaging();
  const [scope, setScope] = useState<ApprovalScope>('mine');
  const query = useApprovalInbox(scope, paging.page, paging.pageSize);
  const action = useClaimAction();
  const [exceeded, setExceeded] = useState<Exceeded | null>(null);
  const [escalating, setEscalating] = useState<ApprovalInboxItem | null>(null);
  const [declining, setDeclining] = useState<ApprovalInboxItem | null>(null);
  const reasons = useDeclineReasons(declining !== null);

  const approve = (item: ApprovalInboxItem) =>
    modal.confirm({
      title: t('cop.appr.approveTitle'),
      content: t('cop.appr.approveContent', { no: item.claim.claimNo, amount: money(item.amount) }),
      okText: t('cop.appr.approve'),
      cancelText: t('common.cancel'),
      onOk: () =>
        action.mutateAsync({ id: item.claim.id, action: 'approve', body: {} }).then(
          () => notifySuccess(t('cop.appr.approved', { no: item.claim.claimNo })),
          (error: ApiError) => {
            if (isApiError(error, 'CLAIM_AUTHORITY_EXCEEDED')) {
              setExceeded({ item, message: error.message, escalateTo: (error.details?.escalateTo as Exceeded['escalateTo']) ?? null });
            } else notifyError(error);
          },
        ),
    });

  const claim = useClaimColumns<ApprovalInboxItem>((r) => r.claim);
  const columns: TableColumnsType<ApprovalInboxItem> = [
    claim.claimNo,
    claim.line,
    claim.insured,
    { title: t('cop.appr.amount'), key: 'amount', align: 'right', render: (_, r) => <Money value={r.amount} strong /> },
    claim.handler,
    {
      title: t('cop.appr.org'),
      key: 'org',
      render: (_, r) => (
        <Space size={4}>
          {r.approvalOrg.name}
          {r.level > 1 && <Tag color="purple">{t('cop.appr.level', { n: r.level })}</Tag>}
        </Space>
      ),
    },
    {
      title: t('cop.appr.waitingSince'),
      key: 'since',
      render: (_, r) => (
        <Tooltip title={formatDateTime(r.submittedAt)}>
          <span>{waiting(r.submittedAt)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('cop.appr.authority'),
      key: 'authority',
      render: (_, r) => (
        <Space size={4}>
          {r.authority === null ? t('cop.appr.none') : <Money value={r.authority} />}
          {!r.withinAuthority && <Tag color="red">{t('cop.appr.overAuthority')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, r) => (
        <Space size={0}>
          <Tooltip title={r.ownClaim ? t('cop.appr.ownClaim') : undefined}>
            <Button type="link" size="small" icon={<CheckOutlined />} disabled={r.ownClaim} onClick={() => approve(r)}>
              {t('cop.appr.approve')}
            </Button>
          </Tooltip>
          {!r.withinAuthority && (
            <Button type="link" size="small" icon={<RiseOutlined />} onClick={() => setEscalating(r)}>
              {t('cop.appr.escalate')}
            </Button>
          )}
          <Button type="link" size="small" danger disabled={r.ownClaim} onClick={() => setDeclining(r)}>
            {t('cop.appr.decline')}
          </Button>
          <Button type="link" size="small" onClick={() => navigate(`/claims/${r.claim.id}`)}>
            {t('common.view')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('nav.claimApprovals')}>
      <AuthorityBar />
      <Radio.Group
        optionType="button"
        value={scope}
        onChange={(e) => {
          setScope(e.target.value as ApprovalScope);
          paging.reset();
        }}
        options={[
          { value: 'mine', label: t('cop.appr.scopeMine') },
          { value: 'all', label: t('cop.appr.scopeAll') },
        ]}
        style={{ marginBottom: 16 }}
      />
      <PagedTable<ApprovalInboxItem> query={query} paging={paging} columns={columns} rowKey={(r) => r.claim.id} data-testid="approval-inbox" emptyText={t('cop.appr.empty')} />

      <Modal
        open={exceeded !== null}
        title={t('cop.appr.exceededTitle')}
        onCancel={() => setExceeded(null)}
        footer={[
          <Button key="close" onClick={() => setExceeded(null)}>
            {t('common.cancel')}
          </Button>,
          exceeded?.escalateTo && (
            <Button
              key="escalate"
              type="primary"
              icon={<RiseOutlined />}
              onClick={() => {
                setEscalating(exceeded.item);
                setExceeded(null);
              }}
            >
              {t('cop.appr.escalateTo', { org: exceeded.escalateTo.orgName })}
            </Button>
          ),
        ]}
      >
        <Alert type="warning" showIcon role="alert" title={exceeded?.message} data-testid="authority-exceeded" />
      </Modal>

      <ReasonModal
        open={escalating !== null}
        title={t('cop.appr.escalateTitle', { no: escalating?.claim.claimNo ?? '' })}
        label={t('claim.escalate.reason')}
        okText={t('cop.appr.escalate')}
        required={false}
        pending={action.isPending}
        onCancel={() => setEscalating(null)}
        onSubmit={(reason) =>
          escalating &&
          action.mutate(
            { id: escalating.claim.id, action: 'escalate', body: { reason: reason || null } },
            {
              onSuccess: (detail) => {
                setEscalating(null);
                notifySuccess(t('cop.appr.escalated', { no: detail.claimNo, org: detail.approvalOrg?.name ?? '' }));
              },
              onError: notifyError,
            },
          )
        }
      />

      <FormModal<DeclineValues>
        open={declining !== null}
        name="decline"
        title={t('cop.appr.declineTitle', { no: declining?.claim.claimNo ?? '' })}
        okText={t('cop.appr.decline')}
        confirmLoading={action.isPending}
        onCancel={() => setDeclining(null)}
        onSubmit={(values, form) =>
          declining &&
          modal.confirm({
            title: t('cop.appr.declineConfirmTitle'),
            content: t('cop.appr.declineConfirm', { no: declining.claim.claimNo }),
            okText: t('cop.appr.decline'),
            okButtonProps: { danger: true },
            cancelText: t('common.cancel'),
            onOk: () =>
              action.mutateAsync({ id: declining.claim.id, action: 'decline', body: { declineCode: values.declineCode, reason: values.reason.trim() } }).then(
                () => {
                  setDeclining(null);
                  notifySuccess(t('cop.appr.declined', { no: declining.claim.claimNo }));
                },
                (error: unknown) => {
                  if (!showServerFieldError(form, error)) notifyError(error);
                },
              ),
          })
        }
      >
        <Form.Item label={t('cop.appr.declineCode')} name="declineCode" rules={[{ required: true, message: t('common.required', { field: t('cop.appr.declineCode') }) }]}>
          <Select
            loading={reasons.isFetching}
            notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cop.appr.noReasons')} />}
            options={(reasons.data ?? []).map((r) => ({ value: r.code, label: `${pick(r)}（${r.code}）` }))}
          />
        </Form.Item>
        <Form.Item label={t('cop.appr.declineReason')} name="reason" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('cop.appr.declineReason') }) }]}>
          <Input.TextArea rows={4} maxLength={500} showCount />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
