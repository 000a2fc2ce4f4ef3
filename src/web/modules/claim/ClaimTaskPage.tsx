import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Input, Row, Space, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router-dom';
import { LOSS_CAUSES, type ClaimDetail, type ClaimTask } from '../../../contracts/claim';
import { isApiError } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { useMe, usePermission } from '../../app/session';
import { ErrorResult, NotFoundResult, PageLoading } from '../../components/results';
import { LineTag, Mono } from '../policy/labels';
import { ClaimStateTag, TaskKindTag, TaskStateTag } from './labels';
import { OpsDocumentList, OpsDocumentUpload } from './OpsDocuments';
import { OpsTaskForm } from './OpsTaskForm';
import { useClaimTask, useTaskAction } from './opsQueries';
import { useClaim } from './queries';

/** The claim as the surveyor needs it on site: number, policy, when and where, what happened. */
function ClaimSummaryCard({ task, claim }: { task: ClaimTask; claim: ClaimDetail | undefined }) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const can = usePermission();
  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('nav.claimTask')} · <Mono testId="task-claim-no">{task.claimNo}</Mono>
          </Typography.Title>
          <TaskKindTag kind={task.kind} />
          <TaskStateTag state={task.state} />
        </Space>
      }
      extra={
        <Space>
          {can('claim:read') && <Button onClick={() => navigate(`/claims/${task.claimId}`)}>{t('cop.openClaim')}</Button>}
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/claim-tasks')}>
            {t('cop.task.backToList')}
          </Button>
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          ...(claim
            ? [
                { key: 'state', label: t('cop.claimState'), children: <ClaimStateTag state={claim.state} /> },
                {
                  key: 'policy',
                  label: t('cop.policyNo'),
                  children: (
                    <Space size={4}>
                      <LineTag line={claim.policy.line} />
                      <Mono>{claim.policy.policyNo}</Mono>
                      {claim.policy.plateNo && <Mono>{claim.policy.plateNo}</Mono>}
                    </Space>
                  ),
                },
                { key: 'insured', label: t('cop.insured'), children: claim.insuredName },
                { key: 'lossAt', label: t('cop.lossAt'), children: formatDateTime(claim.lossAt) },
                { key: 'place', label: t('cop.lossPlace'), children: claim.lossPlace },
                { key: 'cause', label: t('cop.lossCause'), children: pick(LOSS_CAUSES[claim.lossCause]) },
                { key: 'description', label: t('cop.description'), span: 'filled' as const, children: claim.description },
              ]
            : []),
          { key: 'assignee', label: t('cop.task.assignee'), children: `${task.assignee.name}（${task.org.name}）` },
          { key: 'assigned', label: t('cop.task.assignedAt'), children: formatDateTime(task.createdAt) },
          { key: 'submitted', label: t('cop.task.submittedAt'), children: formatDateTime(task.submittedAt) || '—' },
          ...(task.reviewedBy
            ? [{ key: 'reviewed', label: t('cop.task.reviewedBy'), children: `${task.reviewedBy.name} ${formatDateTime(task.reviewedAt)}${task.reviewNote ? `：${task.reviewNote}` : ''}` }]
            : []),
        ]}
      />
    </Card>
  );
}

/** 核价核损 by a handler (not the assignee): 审核通过, or 退回 with a note saying what to redo. */
function ReviewCard({ task }: { task: ClaimTask }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const action = useTaskAction();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState(false);
  const review = (decision: 'APPROVE' | 'RETURN') => {
    if (decision === 'RETURN' && !note.trim()) return setNoteError(true);
    modal.confirm({
      title: decision === 'APPROVE' ? t('cop.review.approveTitle') : t('cop.review.returnTitle'),
      content: decision === 'APPROVE' ? t('cop.review.approveContent', { amount: task.assessedAmount }) : t('cop.review.returnContent'),
      okText: decision === 'APPROVE' ? t('cop.review.approve') : t('cop.review.return'),
      okButtonProps: { danger: decision === 'RETURN' },
      cancelText: t('common.cancel'),
      onOk: () =>
        action.mutateAsync({ id: task.id, action: 'review', decision, note: note.trim() || null }).then(
          () => notifySuccess(decision === 'APPROVE' ? t('cop.review.approved') : t('cop.review.returned')),
          () => undefined,
        ),
    });
  };
  return (
    <Card size="small" title={t('cop.review.title')}>
      <Typography.Paragraph type="secondary">{t('cop.review.hint')}</Typography.Paragraph>
      <Input.TextArea
        aria-label={t('cop.review.note')}
        placeholder={t('cop.review.notePlaceholder')}
        rows={3}
        maxLength={500}
        value={note}
        status={noteError ? 'error' : undefined}
        onChange={(e) => {
          setNote(e.target.value);
          setNoteError(false);
        }}
      />
      {noteError && <Typography.Text type="danger">{t('cop.review.noteRequired')}</Typography.Text>}
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" icon={<CheckOutlined />} loading={action.isPending} onClick={() => review('APPROVE')}>
          {t('cop.review.approve')}
        </Button>
        <Button danger icon={<RollbackOutlined />} loading={action.isPending} onClick={() => review('RETURN')}>
          {t('cop.review.return')}
        </Button>
      </Space>
    </Card>
  );
}

/**
 * 任务处理 (/claim-tasks/:id): the claim in short, findings and assessed items (the assignee edits
 * them while the task is open), photos and documents, and for handlers the review of a submitted task.
 */
export default function ClaimTaskPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const can = usePermission();
  const me = useMe().data?.user.id;
  const query = useClaimTask(id);
  const claim = useClaim(query.data?.claimId);
  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    return isApiError(query.error) && (query.error.status === 404 || query.error.status === 400) ? <NotFoundResult /> : <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  }
  const task = query.data;
  const mine = task.assignee.id === me;
  // Tasks are worked while the claim is 已报案/已立案 (the server refuses later).
  const claimOpen = !claim.data || claim.data.state === 'REPORTED' || claim.data.state === 'REGISTERED';
  const open = (task.state === 'ASSIGNED' || task.state === 'RETURNED') && claimOpen;
  const editable = mine && open;
  const reviewable = !mine && task.state === 'SUBMITTED' && claimOpen && can('claim:handle');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="claim-task">
      <ClaimSummaryCard task={task} claim={claim.data} />
      {task.state === 'RETURNED' && task.reviewNote && <Alert type="warning" showIcon title={t('cop.task.returnedNote', { note: task.reviewNote })} />}
      {open && !mine && <Alert type="info" showIcon title={t('cop.task.notAssignee', { name: task.assignee.name })} />}
      {!claimOpen && task.state !== 'APPROVED' && task.state !== 'CANCELLED' && <Alert type="info" showIcon title={t('cop.task.claimMoved')} />}
      <Card size="small" title={t('cop.task.result')}>
        {claim.isPending && editable ? (
          <PageLoading />
        ) : (
          // Remounted per version: a save or a reload starts the form from the server's answer.
          <OpsTaskForm key={task.version} task={task} coverages={claim.data?.coverages ?? []} editable={editable} onReload={() => void query.refetch()} />
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={reviewable ? 14 : 24}>
          <Card size="small" title={t('cop.doc.title')}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              {editable && <OpsDocumentUpload claimId={task.claimId} taskId={task.id} />}
              <OpsDocumentList documents={task.documents} />
            </Space>
          </Card>
        </Col>
        {reviewable && (
          <Col xs={24} xl={10}>
            <ReviewCard task={task} />
          </Col>
        )}
      </Row>
    </Space>
  );
}
