import { useNavigate } from 'react-router-dom';
import type { ProposalDetail } from '../../../contracts/policy';
import { useT } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { showServerFieldError } from '../../components/FormModal';
import { IssueModal, PaymentModal } from './components';
import { useIssue, useRecordPayment } from './queries';

/**
 * 登记收费 and 出单 of one proposal, as the collection desk and the proposal page both offer them:
 * a field error of a receipt stays in its dialog; an issued policy opens at once.
 */
export function PayIssueModals({
  p,
  open,
  outstanding,
  paidMessage,
  onClose,
}: {
  p: ProposalDetail;
  open: 'pay' | 'issue' | null;
  /** Prefilled amount: what is still due. */
  outstanding: string | null;
  /** What to say once a receipt is recorded (the proposal after it). */
  paidMessage: (next: ProposalDetail) => string;
  onClose: () => void;
}) {
  const t = useT();
  const navigate = useNavigate();
  const pay = useRecordPayment();
  const issue = useIssue();
  return (
    <>
      <PaymentModal
        open={open === 'pay'}
        title={t('pol.payment.title', { no: p.proposalNo })}
        outstanding={outstanding}
        pending={pay.isPending}
        onCancel={onClose}
        onSubmit={(body, form) =>
          pay.mutate(
            { id: p.id, ...body },
            {
              onSuccess: (next) => {
                onClose();
                notifySuccess(paidMessage(next));
              },
              onError: (error) => {
                if (!showServerFieldError(form, error)) notifyError(error);
              },
            },
          )
        }
      />
      <IssueModal
        open={open === 'issue'}
        pending={issue.isPending}
        onCancel={onClose}
        onSubmit={(receiptDate) =>
          issue.mutate(
            { id: p.id, receiptDate },
            {
              onSuccess: ({ policy }) => {
                onClose();
                notifySuccess(t('pol.issued', { no: policy.policyNo }));
                navigate(`/policies/${policy.id}`);
              },
            },
          )
        }
      />
    </>
  );
}
