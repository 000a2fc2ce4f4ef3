import { useEffect, useState, type ReactNode } from 'react';
import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Popconfirm, Radio, Row, Select, Space, Tabs, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ClaimAuthority, ClaimSettings } from '../../../contracts/claim';
import { PRODUCT_LINE_CODES, PRODUCT_LINES, type ProductLine } from '../../../contracts/product';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { usePermission } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { FormModal, showServerFieldError } from '../../components/FormModal';
import { PageLoading } from '../../components/results';
import { useRoles } from '../system/queries';
import { Money } from '../policy/labels';
import { OpsUserSelect } from './OpsUserSelect';
import { useClaimAuthorities, useClaimSettings, useDeleteClaimAuthority, usePutClaimAuthority, usePutClaimSettings } from './opsQueries';

// ---------------------------------------------------------------- 核赔权限

interface AuthorityValues {
  subject: 'USER' | 'ROLE';
  userId?: string;
  roleId?: string;
  line: ProductLine;
  maxAmount: string;
}

function Authorities() {
  const { t, pick } = useI18n();
  const can = usePermission();
  const query = useClaimAuthorities();
  const put = usePutClaimAuthority();
  const remove = useDeleteClaimAuthority();
  const roles = useRoles(can('role:read'));
  const [editing, setEditing] = useState<(Partial<AuthorityValues> & { existing?: boolean }) | null>(null);
  const rows = query.data ?? [];
  const knownUsers = rows.flatMap((a) => (a.user ? [a.user] : []));
  const roleOptions = [
    ...(roles.data ?? []).map((r) => ({ value: r.id, label: `${r.name}（${r.code}）` })),
    ...rows.flatMap((a) => (a.role ? [{ value: a.role.id, label: `${a.role.name}（${a.role.code}）` }] : [])),
  ].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);

  const columns: TableColumnsType<ClaimAuthority> = [
    {
      title: t('cop.set.subject'),
      key: 'subject',
      render: (_, a) => (a.user ? `${a.user.name}（${a.user.username}）` : `${t('cop.set.role')}：${a.role?.name ?? ''}`),
    },
    { title: t('cop.line'), key: 'line', render: (_, a) => pick(PRODUCT_LINES[a.line]) },
    { title: t('cop.set.maxAmount'), key: 'max', align: 'right', render: (_, a) => <Money value={a.maxAmount} /> },
    { title: t('cop.set.setBy'), key: 'by', render: (_, a) => `${a.createdBy.name} ${formatDateTime(a.createdAt)}` },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, a) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            onClick={() => setEditing({ existing: true, subject: a.user ? 'USER' : 'ROLE', userId: a.user?.id, roleId: a.role?.id, line: a.line, maxAmount: a.maxAmount })}
          >
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('cop.set.deleteConfirm', { who: a.user?.name ?? a.role?.name ?? '', line: pick(PRODUCT_LINES[a.line]) })}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => remove.mutateAsync(a.id).then(() => notifySuccess(t('cop.set.deleted')))}
          >
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ subject: 'USER' })}>
          {t('cop.set.newAuthority')}
        </Button>
        <Typography.Text type="secondary">{t('cop.set.authorityHint')}</Typography.Text>
      </Space>
      <DataTable rows={rows} loading={query.isFetching} columns={columns} emptyText={t('cop.set.noAuthorities')} pagination={false} data-testid="claim-authorities" />
      <FormModal<AuthorityValues>
        open={editing !== null}
        name="claimAuthority"
        title={editing?.existing ? t('cop.set.editAuthority') : t('cop.set.newAuthority')}
        initialValues={editing ?? {}}
        confirmLoading={put.isPending}
        onCancel={() => setEditing(null)}
        onSubmit={(values, modalForm) =>
          put.mutate(
            { userId: values.subject === 'USER' ? values.userId : null, roleId: values.subject === 'ROLE' ? values.roleId : null, line: values.line, maxAmount: String(values.maxAmount) },
            {
              onSuccess: () => {
                setEditing(null);
                notifySuccess(t('common.saved'));
              },
              onError: (error) => {
                if (!showServerFieldError(modalForm, error)) notifyError(error);
              },
            },
          )
        }
      >
        <Form.Item name="subject" label={t('cop.set.subjectType')}>
          <Radio.Group
            disabled={editing?.existing}
            options={[
              { value: 'USER', label: t('cop.set.user') },
              { value: 'ROLE', label: t('cop.set.role') },
            ]}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.subject !== b.subject}>
          {({ getFieldValue }) =>
            getFieldValue('subject') === 'ROLE' ? (
              <Form.Item label={t('cop.set.role')} name="roleId" rules={[{ required: true, message: t('common.required', { field: t('cop.set.role') }) }]}>
                <Select disabled={editing?.existing} showSearch={{ optionFilterProp: 'label' }} options={roleOptions} />
              </Form.Item>
            ) : (
              <Form.Item label={t('cop.set.user')} name="userId" rules={[{ required: true, message: t('common.required', { field: t('cop.set.user') }) }]}>
                <OpsUserSelect disabled={editing?.existing} known={knownUsers} />
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.Item label={t('cop.line')} name="line" rules={[{ required: true, message: t('common.required', { field: t('cop.line') }) }]}>
          <Select disabled={editing?.existing} options={PRODUCT_LINE_CODES.map((l) => ({ value: l, label: pick(PRODUCT_LINES[l]) }))} />
        </Form.Item>
        <Form.Item label={t('cop.set.maxAmount')} name="maxAmount" rules={[{ required: true, message: t('common.required', { field: t('cop.set.maxAmount') }) }]}>
          <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} />
        </Form.Item>
      </FormModal>
    </>
  );
}

// ---------------------------------------------------------------- settings documents

/** One key of the claim settings as a form: loaded from GET, saved alone with PUT; 422s land under their field. */
function SettingsForm<K extends keyof ClaimSettings>({ settingKey, children }: { settingKey: K; children: ReactNode }) {
  const { t } = useI18n();
  const query = useClaimSettings();
  const put = usePutClaimSettings();
  const [form] = Form.useForm<Pick<ClaimSettings, K>>();
  useEffect(() => {
    if (query.data) form.setFieldsValue({ [settingKey]: query.data[settingKey] } as never);
  }, [query.data, form, settingKey]);
  if (query.isPending) return <PageLoading />;
  return (
    <Form<Pick<ClaimSettings, K>>
      form={form}
      name={`claim-setting-${settingKey}`}
      layout="vertical"
      autoComplete="off"
      initialValues={query.data ? ({ [settingKey]: query.data[settingKey] } as never) : undefined}
      onFinish={(values) =>
        put.mutate(values as Partial<ClaimSettings>, {
          onSuccess: () => notifySuccess(t('common.saved')),
          onError: (error) => {
            if (!showServerFieldError(form, error)) notifyError(error);
          },
        })
      }
    >
      {children}
      <Space>
        <Button type="primary" htmlType="submit" loading={put.isPending}>
          {t('common.save')}
        </Button>
        <Button onClick={() => form.resetFields()}>{t('common.reset')}</Button>
      </Space>
    </Form>
  );
}

function DeclineReasonsForm() {
  const { t } = useI18n();
  return (
    <SettingsForm settingKey="declineReasons">
      <Typography.Paragraph type="secondary">{t('cop.set.reasonsHint')}</Typography.Paragraph>
      <Form.List name="declineReasons">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Row key={field.key} gutter={8} align="top" data-testid="decline-reason">
                <Col xs={24} md={5}>
                  <Form.Item
                    name={[field.name, 'code']}
                    rules={[{ required: true, pattern: /^[A-Z][A-Z0-9_]{1,31}$/, message: t('cop.set.codeRule') }]}
                    normalize={(v: string) => v?.toUpperCase()}
                  >
                    <Input aria-label={t('cop.set.codeN', { n: index + 1 })} placeholder={t('cop.set.code')} maxLength={32} style={{ fontFamily: 'monospace' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={9}>
                  <Form.Item name={[field.name, 'zh']} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('cop.set.reasonZh') }) }]}>
                    <Input aria-label={t('cop.set.reasonZhN', { n: index + 1 })} placeholder={t('cop.set.reasonZh')} maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={22} md={9}>
                  <Form.Item name={[field.name, 'en']} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('cop.set.reasonEn') }) }]}>
                    <Input aria-label={t('cop.set.reasonEnN', { n: index + 1 })} placeholder={t('cop.set.reasonEn')} maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={2} md={1}>
                  <Button aria-label={t('cop.set.removeN', { n: index + 1 })} icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(field.name)} />
                </Col>
              </Row>
            ))}
            <Form.Item>
              <Button icon={<PlusOutlined />} onClick={() => add({ code: '', zh: '', en: '' })}>
                {t('cop.set.addReason')}
              </Button>
            </Form.Item>
          </>
        )}
      </Form.List>
    </SettingsForm>
  );
}

function SamplingForm() {
  const { t } = useI18n();
  return (
    <SettingsForm settingKey="sampling">
      <Typography.Paragraph type="secondary">{t('cop.set.samplingHint')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item label={t('cop.set.randomPercent')} name={['sampling', 'randomPercent']} rules={[{ required: true, message: t('common.required', { field: t('cop.set.randomPercent') }) }]}>
            <InputNumber min={0} max={100} precision={2} style={{ width: '100%' }} suffix="%" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            label={t('cop.set.amountAbove')}
            name={['sampling', 'amountAbove']}
            extra={t('cop.set.amountAboveHint')}
            normalize={(v: string | null) => (v === '' || v === undefined ? null : v)}
          >
            <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} placeholder={t('cop.set.noThreshold')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item label={t('cop.set.handlers')} name={['sampling', 'handlerIds']} extra={t('cop.set.handlersHint')}>
            <OpsUserSelect mode="multiple" allowClear />
          </Form.Item>
        </Col>
      </Row>
    </SettingsForm>
  );
}

const MB = 1024 * 1024;

function DocumentsForm() {
  const { t } = useI18n();
  return (
    <SettingsForm settingKey="documents">
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            label={t('cop.set.maxMb')}
            name={['documents', 'maxBytes']}
            // Stored in bytes, edited in MB.
            getValueProps={(bytes: number | undefined) => ({ value: bytes === undefined ? undefined : Math.round((bytes / MB) * 10) / 10 })}
            normalize={(mb: number | null) => (mb === null ? undefined : Math.round(mb * MB))}
            rules={[{ required: true, message: t('common.required', { field: t('cop.set.maxMb') }) }]}
          >
            <InputNumber min={0.1} max={10} step={0.5} precision={1} style={{ width: '100%' }} suffix="MB" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item label={t('cop.set.types')} name={['documents', 'types']} rules={[{ required: true, message: t('common.required', { field: t('cop.set.types') }) }]}>
            <Checkbox.Group
              options={[
                { value: 'image/jpeg', label: 'JPEG' },
                { value: 'image/png', label: 'PNG' },
                { value: 'application/pdf', label: 'PDF' },
              ]}
            />
          </Form.Item>
        </Col>
      </Row>
    </SettingsForm>
  );
}

/** 理赔设置 (/claim-settings, claim:configure): approval authorities, decline reasons, review sampling and upload limits. */
export default function ClaimSettingsPage() {
  const { t } = useI18n();
  return (
    <Card title={t('nav.claimSettings')}>
      <Tabs
        items={[
          { key: 'authorities', label: t('cop.set.authorities'), children: <Authorities /> },
          { key: 'reasons', label: t('cop.set.declineReasons'), children: <DeclineReasonsForm /> },
          { key: 'sampling', label: t('cop.set.sampling'), children: <SamplingForm /> },
          { key: 'documents', label: t('cop.set.documents'), children: <DocumentsForm /> },
        ]}
      />
    </Card>
  );
}
