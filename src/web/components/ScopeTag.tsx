import { Tag } from 'antd';
import { DATA_SCOPES, type DataScope } from '../../contracts/system';
import { useI18n } from '../app/i18n';

const COLORS: Record<DataScope, string> = { self: 'default', org: 'blue', subtree: 'geekblue', all: 'purple' };

/** A data scope (仅本人 / 本机构 / 本机构及下级 / 全部) as a coloured tag. */
export function ScopeTag({ scope }: { scope: DataScope }) {
  const { pick } = useI18n();
  const label = DATA_SCOPES.find((s) => s.value === scope);
  return <Tag color={COLORS[scope]}>{label ? pick(label) : scope}</Tag>;
}
