import { Select, type SelectProps } from 'antd';
import { ORG_TYPES, type OrgType } from '../../../../contracts/system';
import { useI18n } from '../../../app/i18n';

export function useOrgTypeLabel(): (type: OrgType) => string {
  const { pick } = useI18n();
  return (type) => {
    const label = ORG_TYPES.find((item) => item.value === type);
    return label ? pick(label) : type;
  };
}

/** The org types of the contract (总公司 … 网点). */
export function OrgTypeSelect(props: SelectProps<OrgType>) {
  const { pick } = useI18n();
  return <Select<OrgType> options={ORG_TYPES.map((type) => ({ value: type.value, label: pick(type) }))} {...props} />;
}
