import { useEffect } from 'react';
import { Alert, Button, Drawer, Form, Input, Space, Switch } from 'antd';
import type { Role } from '../../../../contracts/system';
import { useT } from '../../../app/i18n';
import { notifySuccess } from '../../../app/notify';
import { useCreateRole, usePermissionCatalogue, useUpdateRole, type RoleInput } from '../queries';
import { PermissionMatrix } from './PermissionMatrix';

export type RoleEditorState = { mode: 'create' } | { mode: 'edit' | 'view'; role: Role } | null;

/**
 * Create, edit or view a role. Built-in roles keep their permissions (read-only matrix); their
 * name, description and MFA requirement can still change.
 */
export function RoleEditor({ state, onClose }: { state: RoleEditorState; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<RoleInput>();
  const catalogue = usePermissionCatalogue();
  const create = useCreateRole();
  const update = useUpdateRole();
  const role = state && state.mode !== 'create' ? state.role : null;
  const readOnly = state?.mode === 'view';
  const builtin = role?.builtin ?? false;

  useEffect(() => {
    if (!state) return;
    form.resetFields();
    form.setFieldsValue(
      role
        ? { code: role.code, name: role.name, description: role.description ?? '', permissions: role.permissions, mfaRequired: role.mfaRequired }
        : { code: '', name: '', description: '', permissions: [], mfaRequired: false },
    );
  }, [state, role, form]);

  const done = () => {
    notifySuccess(t('common.saved'));
    onClose();
  };
  const onFinish = (values: RoleInput) => {
    const description = values.description?.trim() || undefined;
    if (!role) {
      create.mutate({ ...values, code: values.code.trim(), name: values.name.trim(), description }, { onSuccess: done });
      return;
    }
    update.mutate(
      {
        id: role.id,
        name: values.name.trim(),
        description: description ?? '',
        mfaRequired: values.mfaRequired,
        ...(builtin ? {} : { permissions: values.permissions }),
      },
      { onSuccess: done },
    );
  };

  const title = !state ? '' : state.mode === 'create' ? t('role.createTitle') : t(state.mode === 'edit' ? 'role.editTitle' : 'role.viewTitle', { name: state.role.name });
  return (
    <Drawer
      open={state !== null}
      title={title}
      size={760}
      onClose={onClose}
      destroyOnHidden
      footer={
        !readOnly && (
          <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" onClick={() => form.submit()} loading={create.isPending || update.isPending}>
              {t('common.save')}
            </Button>
          </Space>
        )
      }
    >
      {builtin && <Alert type="info" showIcon title={t('role.builtinReadonly')} style={{ marginBottom: 16 }} />}
      <Form<RoleInput> form={form} name="role" layout="vertical" onFinish={onFinish} disabled={readOnly} autoComplete="off">
        <Space align="start" style={{ display: 'flex' }} wrap>
          <Form.Item label={t('role.code')} name="code" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('role.code') }) }]} style={{ width: 220 }}>
            <Input maxLength={50} disabled={!!role} autoFocus={!role} />
          </Form.Item>
          <Form.Item label={t('role.name')} name="name" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('role.name') }) }]} style={{ width: 260 }}>
            <Input maxLength={50} autoFocus={!!role} />
          </Form.Item>
          <Form.Item label={t('role.mfaRequired')} name="mfaRequired" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item label={t('role.description')} name="description">
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
        <Form.Item label={t('role.permissions')} name="permissions">
          <PermissionMatrix catalogue={catalogue.data ?? []} loading={catalogue.isFetching} disabled={readOnly || builtin} />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Drawer>
  );
}
