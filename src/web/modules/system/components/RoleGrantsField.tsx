import { Button, Form, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { DATA_SCOPES } from '../../../../contracts/system';
import { useI18n } from '../../../app/i18n';
import { useRoles } from '../queries';

/** Data-scope options in the current language. */
export function useScopeOptions() {
  const { pick } = useI18n();
  return DATA_SCOPES.map((scope) => ({ value: scope.value, label: pick(scope) }));
}

/** Form.List `roles`: rows of role + data scope (the body of POST /users and PUT /users/:id/roles). */
export function RoleGrantsField({ name = 'roles' }: { name?: string }) {
  const { t } = useI18n();
  const { data: roles, isFetching } = useRoles();
  const scopeOptions = useScopeOptions();
  const roleOptions = (roles ?? []).map((role) => ({ value: role.id, label: `${role.name}（${role.code}）` }));
  return (
    <Form.Item label={t('user.roles')} required={false}>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Space key={field.key} align="baseline" style={{ display: 'flex', marginBottom: 4 }} data-testid="role-grant-row">
                <Form.Item name={[field.name, 'roleId']} rules={[{ required: true, message: t('user.roleRequired') }]} style={{ marginBottom: 8 }}>
                  <Select
                    aria-label={`${t('user.role')} ${index + 1}`}
                    placeholder={t('user.role')}
                    options={roleOptions}
                    loading={isFetching}
                    showSearch={{ optionFilterProp: 'label' }}
                    style={{ width: 240 }}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'scope']} rules={[{ required: true, message: t('user.scopeRequired') }]} style={{ marginBottom: 8 }}>
                  <Select aria-label={`${t('user.scope')} ${index + 1}`} placeholder={t('user.scope')} options={scopeOptions} style={{ width: 160 }} />
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('user.removeRole')} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ scope: 'org' })}>
              {t('user.addRole')}
            </Button>
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
