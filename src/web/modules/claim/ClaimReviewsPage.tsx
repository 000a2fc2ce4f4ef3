import { useState } from 'react';
import { Button, Card, Form, Input, Radio, Segmented, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { ClaimReviewRow } from '../../../contracts/claim';
import { formatDateTime } from '../../app/format';
import { useI18n, type MessageKey } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { useMe } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { FormModal, showServerFieldError } from '../../components/FormModal';
import { Money } from '../policy/labels';
import { useClaimColumns } from './OpsColumns';
import { useCompleteReview, useReviews } from './opsQueries';

type ReviewState = ClaimReviewRow['state'];
type Reason = ClaimReviewRow['reasons'][number];
type Result = NonNullable<ClaimReviewRow['result']>;

const REASON_KEYS: Record<Reason, MessageKey> = { RANDOM: 'cop.rev.reason.RANDOM', AMOUNT: 'cop.rev.reason.AMOUNT', HANDLER: 'cop.rev.reason.HANDLER' };
const REASON_COLORS: Record<Reason, string> = { RANDOM: 'default', AMOUNT: 'gold', HANDLER: 'purple' };
const RESULT_KEYS: Record<Result, MessageKey> = { PASS: 'cop.rev.result.PASS', ISSUE: 'cop.rev.result.ISSUE' };

interface CompleteValues {
  result: Result;
  findings?: string;
}

/**
 * 结案质检 (/claim-reviews): closed claims drawn for quality review (at random, paid above the
 * amount, or of a named handler); the reviewer records 合格 or 有问题 with findings. Nobody reviews
 * a claim they handled (the server refuses; the button says why).
 */
export default function ClaimReviewsPage() {
  const { t } = useI18n();
  const me = useMe().data?.user.id;
  const [state, setState] = useState<ReviewState>('PENDING');
  const query = useReviews(state);
  const complete = useCompleteReview();
  const [open, setOpen] = useState<ClaimReviewRow | null>(null);

  const claim = useClaimColumns<ClaimReviewRow>((r) => r.claim);
  const columns: TableColumnsType<ClaimReviewRow> = [
    claim.claimNo,
    claim.line,
    claim.insured,
    claim.state,
    claim.handler,
    { title: t('cop.rev.paid'), key: 'paid', align: 'right', render: (_, r) => <Money value={r.claim.paidAmount} /> },
    {
      title: t('cop.rev.reasons'),
      key: 'reasons',
      render: (_, r) =>
        r.reasons.map((reason) => (
          <Tag key={reason} color={REASON_COLORS[reason]}>
            {t(REASON_KEYS[reason])}
          </Tag>
        )),
    },
    { title: t('cop.rev.drawnAt'), key: 'drawnAt', render: (_, r) => formatDateTime(r.drawnAt) },
    ...(state === 'DONE'
      ? [
          { title: t('cop.rev.result'), key: 'result', render: (_: unknown, r: ClaimReviewRow) => r.result && <Tag color={r.result === 'PASS' ? 'success' : 'red'}>{t(RESULT_KEYS[r.result])}</Tag> },
          { title: t('cop.rev.findings'), key: 'findings', render: (_: unknown, r: ClaimReviewRow) => r.findings ?? '—' },
          { title: t('cop.rev.reviewer'), key: 'reviewer', render: (_: unknown, r: ClaimReviewRow) => `${r.reviewer?.name ?? ''} ${formatDateTime(r.reviewedAt)}` },
        ]
      : [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, r: ClaimReviewRow) => {
              const own = r.claim.handler.id === me;
              return (
                <Tooltip title={own ? t('cop.rev.ownClaim') : undefined}>
                  <Button type="link" size="small" disabled={own} onClick={() => setOpen(r)}>
                    {t('cop.rev.complete')}
                  </Button>
                </Tooltip>
              );
            },
          },
        ]),
  ];

  return (
    <Card title={t('nav.claimReviews')}>
      <Segmented<ReviewState>
        value={state}
        onChange={setState}
        style={{ marginBottom: 16 }}
        options={[
          { value: 'PENDING', label: t('cop.rev.pending') },
          { value: 'DONE', label: t('cop.rev.done') },
        ]}
      />
      <DataTable<ClaimReviewRow> rows={query.data} loading={query.isFetching} columns={columns} data-testid="review-table" emptyText={state === 'PENDING' ? t('cop.rev.emptyPending') : t('cop.rev.empty')} />
      <FormModal<CompleteValues>
        open={open !== null}
        name="review"
        title={t('cop.rev.completeTitle', { no: open?.claim.claimNo ?? '' })}
        initialValues={{ result: 'PASS' }}
        confirmLoading={complete.isPending}
        onCancel={() => setOpen(null)}
        onSubmit={(values, form) =>
          open &&
          complete.mutate(
            { id: open.id, result: values.result, findings: values.findings?.trim() || null },
            {
              onSuccess: () => {
                setOpen(null);
                notifySuccess(t('cop.rev.completed', { no: open.claim.claimNo }));
              },
              onError: (error) => {
                if (!showServerFieldError(form, error)) notifyError(error);
              },
            },
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('cop.rev.completeHint')}</Typography.Paragraph>
        <Form.Item label={t('cop.rev.result')} name="result" rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={(['PASS', 'ISSUE'] as const).map((r) => ({ value: r, label: t(RESULT_KEYS[r]) }))} />
        </Form.Item>
        <Form.Item
          label={t('cop.rev.findings')}
          name="findings"
          dependencies={['result']}
          rules={[({ getFieldValue }) => ({ required: getFieldValue('result') === 'ISSUE', whitespace: true, message: t('cop.rev.findingsRequired') })]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
