import { Checkbox, Form, Input, Select } from 'antd';
import { useT } from '../../../app/i18n';
import { FilterForm } from '../../../components/FilterForm';
import { usePermission } from '../../../app/session';
import { OrgTreeSelect } from '../components/OrgTreeSelect';
import { useRoles, type UserFilters } from '../queries';

type FilterValues = Omit<UserFilters, 'sort'>;

/** 用户名/姓名 search, 机构 (含下级), 状态, 角色. Selects apply at once; the search box on Enter. */
export function UserFiltersBar({ onChange }: { onChange: (filters: FilterValues) => void }) {
  const t = useT();
  const can = usePermission();
  const [form] = Form.useForm<FilterValues>();
  const { data: roles } = useRoles(can('role:read'));
  const apply = () => {
    const values = form.getFieldsValue();
    onChange({ ...values, q: values.q?.trim() || undefined });
  };
  return (
    <FilterForm<FilterValues> form={form} name="userFilters" initialValues={{ subOrgs: true }} onApply={apply}>
      <Form.Item name="q" label={t('common.search')}>
        <Input.Search placeholder={t('user.searchPlaceholder')} allowClear onSearch={apply} style={{ width: 220 }} />
      </Form.Item>
      {can('org:read') && (
        <>
          <Form.Item name="orgId" label={t('user.filterOrg')} style={{ marginInlineEnd: 8 }}>
            <OrgTreeSelect style={{ width: 220 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item name="subOrgs" valuePropName="checked">
            <Checkbox>{t('user.subOrgs')}</Checkbox>
          </Form.Item>
        </>
      )}
      <Form.Item name="status" label={t('user.status')}>
        <Select
          allowClear
          placeholder={t('common.all')}
          style={{ width: 120 }}
          options={[
            { value: 'ACTIVE', label: t('user.status.ACTIVE') },
            { value: 'DISABLED', label: t('user.status.DISABLED') },
          ]}
        />
      </Form.Item>
      {can('role:read') && (
        <Form.Item name="roleId" label={t('user.filterRole')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 180 }}
            showSearch={{ optionFilterProp: 'label' }}
            options={(roles ?? []).map((role) => ({ value: role.id, label: role.name }))}
          />
        </Form.Item>
      )}
    </FilterForm>
  );
}
