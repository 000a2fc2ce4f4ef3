import { Tag } from 'antd';
import { VERSION_STATUSES, type VersionStatus } from '../../../contracts/product';
import { useI18n } from '../../app/i18n';

const STATUS_COLOR: Record<VersionStatus, string> = { DRAFT: 'processing', APPROVED: 'success', RETIRED: 'default' };

export function StatusTag({ status }: { status: VersionStatus }) {
  const { pick } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status}>
      {pick(VERSION_STATUSES[status])}
    </Tag>
  );
}

/** '2026-01-01 ~ 长期'. */
export function usePeriod() {
  const { t } = useI18n();
  return (p: { effectiveFrom: string; effectiveTo: string | null }) => `${p.effectiveFrom} ~ ${p.effectiveTo ?? t('product.openEnd')}`;
}
