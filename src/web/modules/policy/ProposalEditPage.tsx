import { Button, Result } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { PROPOSAL_STATES } from '../../../contracts/policy';
import { isApiError } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { ErrorResult, NotFoundResult, PageLoading } from '../../components/results';
import { LifeWizard } from './LifeWizardPage';
import { MotorWizard } from './MotorWizardPage';
import { useBundlePartner, useProposal } from './queries';

/** 修改投保单 (/proposals/:id/edit): the draft (and its bundle partner) back in its wizard. */
export default function ProposalEditPage() {
  const { id } = useParams<{ id: string }>();
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const query = useProposal(id);
  const partner = useBundlePartner(query.data);
  if (query.isPending || (query.data?.bundleId && partner.isPending)) return <PageLoading />;
  if (query.isError) {
    return isApiError(query.error) && (query.error.status === 404 || query.error.status === 400) ? <NotFoundResult /> : <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  }
  const p = query.data;
  if (p.state !== 'DRAFT') {
    return (
      <Result
        status="info"
        title={t('pol.notDraft', { state: pick(PROPOSAL_STATES[p.state]) })}
        extra={
          <Button type="primary" onClick={() => navigate(`/proposals/${p.id}`)}>
            {t('pol.openProposal')}
          </Button>
        }
      />
    );
  }
  if (p.product.line === 'CTPL' || p.product.line === 'COMMERCIAL_MOTOR') {
    const parts = [p, ...(partner.data ? [partner.data] : [])];
    return <MotorWizard key={p.id} resume={parts} />;
  }
  return <LifeWizard key={p.id} resume={p} />;
}
