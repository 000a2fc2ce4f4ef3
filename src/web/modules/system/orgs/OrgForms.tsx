import { useMemo } from 'react';
import { App, Form, Input, Select } from 'antd';
import type { Org } from '../../../../contracts/system';
import { useT } from '../../../app/i18n';
import { FormModal, showServerFieldError } from '../../../components/FormModal';
import { OrgTypeSelect } from '../components/OrgTypeSelect';
import { OrgTreeSelect } from '../components/OrgTreeSelect';
import { useCreateOrg, useMoveOrg, useUpdateOrg, type OrgInput } from '../queries';
import { notifySuccess } from '../../../app/notify';
import { subtreeIds } from '../orgTree';

function OrgFields({ withStatus = false }: { withStatus?: boolean }) {
  const t = useT();
  return (
    <>
      <Form.Item label={t('org.code')} name="code" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('org.code') }) }]}>
        <Input maxLength={32} autoFocus />
      </Form.Item>
      <Form.Item label={t('org.name')} name="name" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('org.name') }) }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t('org.type')} name="type" rules={[{ required: true, message: t('common.required', { field: t('org.type') }) }]}>
        <OrgTypeSelect />
      </Form.Item>
      {withStatus && (
        <Form.Item label={t('org.status')} name="status">
          <Select
            options={[
              { value: 'ACTIVE', label: t('org.status.ACTIVE') },
              { value: 'CLOSED', label: t('org.status.CLOSED') },
            ]}
          />
        </Form.Item>
      )}
    </>
  );
}

export function CreateOrgModal({ parent, onClose, onCreated }: { parent: Org | null; onClose: () => void; onCreated: (org: Org) => void }) {
  const t = useT();
  const create = useCreateOrg();
  return (
    <FormModal<OrgInput>
      open={parent !== null}
      name="createOrg"
      title={parent ? t('org.createChildTitle', { name: parent.name }) : ''}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onSubmit={(values, form) =>
        parent &&
        create.mutate(
          { ...values, parentId: parent.id },
          {
            onSuccess: (org) => {
              notifySuccess(t('org.created'));
              onCreated(org);
            },
            onError: (error) => showServerFieldError(form, error),
          },
        )
      }
    >
      <OrgFields />
    </FormModal>
  );
}

type EditValues = OrgInput & { status: Org['status'] };

export function EditOrgModal({ org, onClose }: { org: Org | null; onClose: () => void }) {
  const t = useT();
  const update = useUpdateOrg();
  return (
    <FormModal<EditValues>
      open={org !== null}
      name="editOrg"
      title={t('org.editTitle')}
      initialValues={org ?? undefined}
      confirmLoading={update.isPending}
      onCancel={onClose}
      onSubmit={(values, form) =>
        org &&
        update.mutate(
          { id: org.id, ...values },
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
      <OrgFields withStatus />
    </FormModal>
  );
}

/** Picks a new parent (not inside the org's own subtree), then asks for confirmation. */
export function MoveOrgModal({ org, orgs, onClose }: { org: Org | null; orgs: Org[]; onClose: () => void }) {
  const t = useT();
  const { modal } = App.useApp();
  const move = useMoveOrg();
  const disabledIds = useMemo(() => (org ? subtreeIds(orgs, org.id) : undefined), [org, orgs]);
  return (
    <FormModal<{ parentId: string }>
      open={org !== null}
      name="moveOrg"
      title={org ? t('org.moveTitle', { name: org.name }) : ''}
      initialValues={{ parentId: org?.parentId ?? undefined }}
      confirmLoading={move.isPending}
      onCancel={onClose}
      onSubmit={({ parentId }) => {
        if (!org) return;
        const parent = orgs.find((o) => o.id === parentId);
        modal.confirm({
          title: t('common.confirmTitle'),
          content: t('org.moveConfirm', { name: org.name, parent: parent?.name ?? '' }),
          okText: t('common.ok'),
          cancelText: t('common.cancel'),
          // Errors are notified by the mutation cache; the confirm just closes.
          onOk: () =>
            move
              .mutateAsync({ id: org.id, parentId })
              .then(() => {
                notifySuccess(t('org.moved'));
                onClose();
              })
              .catch(() => undefined),
        });
      }}
    >
      <Form.Item label={t('org.moveTo')} name="parentId" rules={[{ required: true, message: t('common.required', { field: t('org.moveTo') }) }]}>
        <OrgTreeSelect disabledIds={disabledIds} allowClear={false} />
      </Form.Item>
    </FormModal>
  );
}
