import { useParams } from 'react-router-dom';
import { isApiError } from '../../app/api';
import { ErrorResult, NotFoundResult, PageLoading } from '../../components/results';
import { OrganizationForm } from './OrganizationForm';
import { PersonForm } from './PersonForm';
import { usePartyDetail } from './queries';

/**
 * 编辑客户 (/parties/:id/edit): the person or organisation form on the record as last loaded. The
 * form is rebuilt per version, so 重新加载 after a 409 PARTY_STALE starts from the latest record.
 */
export default function PartyEditPage() {
  const { id } = useParams<{ id: string }>();
  const query = usePartyDetail(id);
  if (query.isPending) return <PageLoading />;
  if (query.isError) return isApiError(query.error) && (query.error.status === 404 || query.error.status === 400) ? <NotFoundResult /> : <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  const detail = query.data;
  const reload = () => void query.refetch();
  return detail.kind === 'PERSON' ? (
    <PersonForm key={`${detail.id}:${detail.version}`} detail={detail} onReload={reload} />
  ) : (
    <OrganizationForm key={`${detail.id}:${detail.version}`} detail={detail} onReload={reload} />
  );
}
