import { Form, Input } from 'antd';
import type { UserListItem } from '../../../../contracts/system';
import { useT } from '../../../app/i18n';
import { notifySuccess } from '../../../app/notify';
import { FormModal, showServerFieldError } from '../../../components/FormModal';
import { OrgTreeSelect } from '../components/OrgTreeSelect';
import { RoleGrantsField } from '../components/RoleGrantsField';
import { useCreateUser, useSetUserRoles, useUpdateUser, type CreateUserInput, type RoleGrant } from '../queries';

const MOBILE_PATTERN = /^1\d{10}$/;

/** name, org, mobile, email — shared by create and edit. In edit, blank mobile/email mean "keep". */
function ProfileFields({ editing }: { editing: boolean }) {
  const t = useT();
  const keep = editing ? t('user.keepBlank') : undefined;
  return (
    <>
      <Form.Item label={t('user.name')} name="name" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('user.name') }) }]}>
        <Input maxLength={50} autoFocus={editing} />
      </Form.Item>
      <Form.Item label={t('user.org')} name="orgId" rules={[{ required: true, message: t('common.required', { field: t('user.org') }) }]}>
        <OrgTreeSelect allowClear={false} />
      </Form.Item>
      <Form.Item label={t('user.mobile')} name="mobile" rules={[{ pattern: MOBILE_PATTERN, message: t('user.mobileInvalid') }]}>
        <Input maxLength={11} inputMode="tel" placeholder={keep} />
      </Form.Item>
      <Form.Item label={t('user.email')} name="email" rules={[{ type: 'email', message: t('user.emailInvalid') }]}>
        <Input maxLength={100} inputMode="email" placeholder={keep} />
      </Form.Item>
    </>
  );
}

/** Empty strings are "not given". */
function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function CreateUserModal({ open, defaultOrgId, onClose, onCreated }: {
  open: boolean;
  defaultOrgId?: string;
  onClose: () => void;
  onCreated: (username: string, initialPassword: string | null) => void;
}) {
  const t = useT();
  const create = useCreateUser();
  return (
    <FormModal<CreateUserInput>
      open={open}
      name="createUser"
      title={t('user.createTitle')}
      width={640}
      initialValues={{ orgId: defaultOrgId, roles: [] }}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onSubmit={(values, form) =>
        create.mutate(
          { ...values, username: values.username.trim(), mobile: optional(values.mobile), email: optional(values.email), roles: values.roles ?? [] },
          {
            onSuccess: ({ user, initialPassword }) => {
              notifySuccess(t('user.created'));
              onCreated(user.username, initialPassword);
            },
            onError: (error) => showServerFieldError(form, error),
          },
        )
      }
    >
      <Form.Item label={t('user.username')} name="username" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('user.username') }) }]}>
        <Input maxLength={50} autoFocus autoComplete="off" />
      </Form.Item>
      <ProfileFields editing={false} />
      <RoleGrantsField />
    </FormModal>
  );
}

interface EditValues {
  name: string;
  orgId: string;
  mobile?: string;
  email?: string;
}

export function EditUserModal({ user, onClose }: { user: UserListItem | null; onClose: () => void }) {
  const t = useT();
  const update = useUpdateUser();
  return (
    <FormModal<EditValues>
      open={user !== null}
      name="editUser"
      title={user ? t('user.editTitle', { name: user.name }) : ''}
      initialValues={user ? { name: user.name, orgId: user.orgId } : undefined}
      confirmLoading={update.isPending}
      onCancel={onClose}
      onSubmit={(values, form) =>
        user &&
        update.mutate(
          { id: user.id, name: values.name.trim(), orgId: values.orgId, mobile: optional(values.mobile), email: optional(values.email) },
          {
            onSuccess: () => {
              notifySuccess(t('common.saved'));
              onClose();
            },
            onError: (error) => showServerFieldError(form, error),
          },
        )
      }
    >
      <ProfileFields editing />
    </FormModal>
  );
}

export function AssignRolesModal({ user, onClose }: { user: UserListItem | null; onClose: () => void }) {
  const t = useT();
  const setRoles = useSetUserRoles();
  return (
    <FormModal<{ roles?: RoleGrant[] }>
      open={user !== null}
      name="assignRoles"
      width={600}
      title={user ? t('user.assignRolesTitle', { name: user.name }) : ''}
      initialValues={{ roles: user?.roles.map((role) => ({ roleId: role.id, scope: role.scope })) ?? [] }}
      confirmLoading={setRoles.isPending}
      onCancel={onClose}
      onSubmit={({ roles }) =>
        user &&
        setRoles.mutate(
          { id: user.id, roles: roles ?? [] },
          {
            onSuccess: () => {
              notifySuccess(t('common.saved'));
              onClose();
            },
          },
        )
      }
    >
      <RoleGrantsField />
    </FormModal>
  );
}
