import { useState } from 'react';
import { Button, Descriptions, Form, Input, Space, Typography, type TableColumnsType } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { CLAIM_PARTY_ROLES, LOSS_CAUSES, REPORT_CHANNELS, type ClaimDetail } from '../../../contracts/claim';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { usePermission } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { FormModal, showServerFieldError } from '../../components/FormModal';
import { Mono } from '../policy/labels';
import { isMotorLine, LiabilityFields, partiesInput, PartiesList, type PartyValues } from './ClaimReportParts';
import { activityOpen, useUpdateClaim } from './queries';

type Party = ClaimDetail['parties'][number];

/** 有责 70% / 无责 / 待定. */
export function useLiabilityText() {
  const { t } = useI18n();
  return (c: Pick<ClaimDetail, 'atFault' | 'liabilityShare'>) =>
    c.atFault === null ? t('claim.atFault.unknown') : c.atFault ? `${t('claim.atFault.yes')} ${c.liabilityShare ?? ''}%` : t('claim.atFault.no');
}

interface EditValues {
  lossPlace: string;
  description: string;
  atFault?: boolean | null;
  liabilityShare?: string;
  parties?: PartyValues[];
}

/** 修改报案信息 (PATCH with version): place, description, liability and the parties. */
function EditReportModal({ c, open, onClose }: { c: ClaimDetail; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const update = useUpdateClaim();
  const motor = isMotorLine(c.policy.line);
  // ID numbers and phones come back masked: a changed list is sent whole, so they are typed again.
  const initialParties: PartyValues[] = c.parties.map((p) => ({ role: p.role, name: p.name, plateNo: p.plateNo ?? undefined, note: p.note ?? undefined }));
  return (
    <FormModal<EditValues>
      open={open}
      name="claimEdit"
      width={1000}
      title={t('claim.edit.title', { no: c.claimNo })}
      okText={t('common.save')}
      confirmLoading={update.isPending}
      onCancel={onClose}
      initialValues={{ lossPlace: c.lossPlace, description: c.description, atFault: c.atFault, liabilityShare: c.liabilityShare ?? undefined, parties: initialParties }}
      onSubmit={(v, form) => {
        const partiesChanged = JSON.stringify(v.parties ?? []) !== JSON.stringify(initialParties);
        update.mutate(
          {
            id: c.id,
            version: c.version,
            lossPlace: v.lossPlace.trim(),
            description: v.description.trim(),
            ...(motor ? { atFault: v.atFault ?? null, liabilityShare: v.atFault ? String(v.liabilityShare) : v.atFault === false ? '0' : null } : {}),
            ...(partiesChanged ? { parties: partiesInput(v.parties) } : {}),
          },
          {
            onSuccess: () => {
              onClose();
              notifySuccess(t('common.saved'));
            },
            onError: (error) => {
              if (!showServerFieldError(form, error)) notifyError(error);
            },
          },
        );
      }}
    >
      <Form.Item label={t('claim.lossPlace')} name="lossPlace" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('claim.lossPlace') }) }]}>
        <Input maxLength={200} autoFocus />
      </Form.Item>
      <Form.Item label={t('claim.description')} name="description" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('claim.description') }) }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
      {motor && <LiabilityFields />}
      <PartiesList hint={t('claim.edit.partiesHint')} />
    </FormModal>
  );
}

/** 报案信息: what was reported, by whom, and the people involved (masked); 修改 while allowed. */
export function ClaimReportInfo({ c }: { c: ClaimDetail }) {
  const { t, pick } = useI18n();
  const can = usePermission();
  const liability = useLiabilityText();
  const [editing, setEditing] = useState(false);
  const columns: TableColumnsType<Party> = [
    { title: t('claim.party.role'), dataIndex: 'role', key: 'role', render: (r: Party['role']) => pick(CLAIM_PARTY_ROLES[r]) },
    { title: t('claim.party.name'), dataIndex: 'name', key: 'name' },
    { title: t('claim.party.idNumber'), dataIndex: 'idNumberMasked', key: 'id', render: (v: string | null) => <Mono>{v}</Mono> },
    { title: t('claim.party.phone'), dataIndex: 'phoneMasked', key: 'phone', render: (v: string | null) => <Mono>{v}</Mono> },
    { title: t('claim.party.plateNo'), dataIndex: 'plateNo', key: 'plate', render: (v: string | null) => <Mono>{v}</Mono> },
    { title: t('claim.party.note'), dataIndex: 'note', key: 'note', render: (v: string | null) => v ?? '—' },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {can('claim:handle') && activityOpen('edit', c.state) && (
        <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
          {t('claim.edit.button')}
        </Button>
      )}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2, xl: 3 }}
        data-testid="claim-report-info"
        items={[
          { key: 'lossAt', label: t('claim.lossAt'), children: formatDateTime(c.lossAt).slice(0, 16) },
          { key: 'place', label: t('claim.lossPlace'), children: c.lossPlace },
          { key: 'cause', label: t('claim.lossCause'), children: pick(LOSS_CAUSES[c.lossCause]) },
          { key: 'channel', label: t('claim.channel'), children: pick(REPORT_CHANNELS[c.channel]) },
          { key: 'reporter', label: t('claim.reporter'), children: `${c.reporter.name}${c.reporter.relation ? `（${c.reporter.relation}）` : ''}` },
          { key: 'phone', label: t('claim.reporterPhone'), children: <Mono>{c.reporter.phoneMasked}</Mono> },
          ...(isMotorLine(c.policy.line) ? [{ key: 'liability', label: t('claim.atFault'), children: liability(c) }] : []),
          { key: 'reportedAt', label: t('claim.reportedAt'), children: formatDateTime(c.reportedAt) },
          { key: 'desc', label: t('claim.description'), span: 3, children: <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Text> },
        ]}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('claim.parties')}
      </Typography.Title>
      <DataTable rows={c.parties.map((p, seq) => ({ ...p, seq }))} loading={false} columns={columns} rowKey="seq" emptyText={t('claim.noPartiesShort')} pagination={false} size="small" />
      <EditReportModal c={c} open={editing} onClose={() => setEditing(false)} />
    </Space>
  );
}
