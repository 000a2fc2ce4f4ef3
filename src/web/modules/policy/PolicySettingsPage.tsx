import { useEffect, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Page, UserListItem } from '../../../contracts/system';
import { api } from '../../app/api';
import { Button, Card, Col, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Switch, Tabs, Tag, Typography, type FormInstance, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  ENDORSEMENT_ITEM_CODES,
  ENDORSEMENT_ITEMS,
  type ProposalNumberRange,
  type RenewalSettings,
  type UnderwritingAuthority,
  type UnderwritingRules,
} from '../../../contracts/policy';
import { PRODUCT_LINE_CODES, PRODUCT_LINES, type ProductLine } from '../../../contracts/product';
import { formatDateTime } from '../../app/format';
import { useI18n, type MessageKey } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { usePermission } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { FormModal, showServerFieldError } from '../../components/FormModal';
import { PageLoading } from '../../components/results';
import { OrgTreeSelect } from '../system/components/OrgTreeSelect';
import { Money, Mono } from './labels';
import {
  useAuthorities,
  useCloseNumberRange,
  useCreateNumberRange,
  useNumberRanges,
  usePutAuthority,
  usePutSetting,
  useSetting,
  type NumberRangeInput,
  type SettingDocuments,
  type SettingKey,
} from './queries';

// ---------------------------------------------------------------- 投保单号段

function NumberRanges() {
  const { t } = useI18n();
  const query = useNumberRanges();
  const create = useCreateNumberRange();
  const close = useCloseNumberRange();
  const [open, setOpen] = useState(false);
  const columns: TableColumnsType<ProposalNumberRange> = [
    { title: t('pol.admin.org'), key: 'org', render: (_, r) => r.org.name },
    { title: t('pol.admin.prefix'), dataIndex: 'prefix', key: 'prefix', render: (v: string) => <Mono>{v}</Mono> },
    { title: t('pol.admin.range'), key: 'range', render: (_, r) => <Mono>{`${r.startNo} – ${r.endNo}`}</Mono> },
    { title: t('pol.admin.nextNo'), dataIndex: 'nextNo', key: 'next', render: (v: string) => <Mono>{v}</Mono> },
    { title: t('pol.admin.remaining'), dataIndex: 'remaining', key: 'remaining', align: 'right' },
    { title: t('pol.admin.width'), dataIndex: 'width', key: 'width', align: 'right' },
    { title: t('pol.state'), dataIndex: 'status', key: 'status', render: (s: ProposalNumberRange['status']) => <Tag color={s === 'ACTIVE' ? 'success' : 'default'}>{t(`pol.admin.status.${s}`)}</Tag> },
    { title: t('pol.remark'), dataIndex: 'remark', key: 'remark', render: (v: string | null) => v ?? '—' },
    { title: t('common.createdAt'), key: 'created', render: (_, r) => `${r.createdBy.name} ${formatDateTime(r.createdAt)}` },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) =>
        r.status === 'ACTIVE' && (
          <Popconfirm
            title={t('pol.admin.closeConfirm', { prefix: r.prefix })}
            okText={t('pol.admin.close')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => close.mutateAsync(r.id).then(() => notifySuccess(t('pol.admin.closed')))}
          >
            <Button type="link" size="small" danger>
              {t('pol.admin.close')}
            </Button>
          </Popconfirm>
        ),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          {t('pol.admin.newRange')}
        </Button>
        <Typography.Text type="secondary">{t('pol.admin.rangeHint')}</Typography.Text>
      </Space>
      <DataTable rows={query.data} loading={query.isFetching} columns={columns} emptyText={t('pol.admin.noRanges')} pagination={false} data-testid="number-ranges" />
      <FormModal<NumberRangeInput>
        open={open}
        name="range"
        title={t('pol.admin.newRange')}
        confirmLoading={create.isPending}
        initialValues={{ width: 10 }}
        onCancel={() => setOpen(false)}
        onSubmit={(values, form) =>
          create.mutate(
            { ...values, startNo: String(values.startNo), endNo: String(values.endNo), prefix: values.prefix.trim().toUpperCase(), remark: values.remark?.trim() || null },
            {
              onSuccess: () => {
                setOpen(false);
                notifySuccess(t('common.saved'));
              },
              onError: (error) => {
                if (!showServerFieldError(form, error)) notifyError(error);
              },
            },
          )
        }
      >
        <Form.Item label={t('pol.admin.org')} name="orgId" rules={[{ required: true, message: t('common.required', { field: t('pol.admin.org') }) }]}>
          <OrgTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('pol.admin.prefix')} name="prefix" rules={[{ required: true, pattern: /^[A-Za-z0-9]{1,8}$/, message: t('pol.admin.prefixRule') }]}>
          <Input maxLength={8} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={9}>
            <Form.Item label={t('pol.admin.startNo')} name="startNo" rules={[{ required: true, message: t('common.required', { field: t('pol.admin.startNo') }) }]}>
              <InputNumber<string> stringMode min="1" precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={9}>
            <Form.Item label={t('pol.admin.endNo')} name="endNo" rules={[{ required: true, message: t('common.required', { field: t('pol.admin.endNo') }) }]}>
              <InputNumber<string> stringMode min="1" precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('pol.admin.width')} name="width">
              <InputNumber min={4} max={16} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('pol.remark')} name="remark">
          <Input maxLength={200} />
        </Form.Item>
      </FormModal>
    </>
  );
}

// ---------------------------------------------------------------- 核保权限

interface AuthorityValues {
  userId: string;
  line: ProductLine;
  maxSumAssured: string;
}

function Authorities() {
  const { t, pick } = useI18n();
  const can = usePermission();
  const query = useAuthorities();
  const put = usePutAuthority();
  const [editing, setEditing] = useState<Partial<AuthorityValues> | null>(null);
  const [userQ, setUserQ] = useState('');
  // Users to pick from (GET /users needs user:read; without it, the ones already listed).
  const users = useQuery({
    queryKey: ['policy-admin', 'users', userQ],
    queryFn: ({ signal }) => api.get<Page<UserListItem>>('/users', { q: userQ || undefined, pageSize: 20 }, signal),
    enabled: can('user:read') && editing !== null,
  });
  const userOptions = [
    ...(can('user:read') ? (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.username}，${u.orgName}）` })) : []),
    ...(query.data ?? []).map((a) => ({ value: a.user.id, label: `${a.user.name}（${a.user.username}）` })),
  ].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);
  const columns: TableColumnsType<UnderwritingAuthority> = [
    { title: t('pol.admin.underwriter'), key: 'user', render: (_, a) => `${a.user.name}（${a.user.username}）` },
    { title: t('pol.line'), dataIndex: 'line', key: 'line', render: (l: ProductLine) => pick(PRODUCT_LINES[l]) },
    { title: t('pol.admin.maxSumAssured'), dataIndex: 'maxSumAssured', key: 'max', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('pol.updatedAt'), dataIndex: 'updatedAt', key: 'updated', render: formatDateTime },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, a) => (
        <Button type="link" size="small" onClick={() => setEditing({ userId: a.user.id, line: a.line, maxSumAssured: a.maxSumAssured })}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
          {t('pol.admin.newAuthority')}
        </Button>
        <Typography.Text type="secondary">{t('pol.admin.authorityHint')}</Typography.Text>
      </Space>
      <DataTable rows={query.data} loading={query.isFetching} rowKey={(a) => `${a.user.id}-${a.line}`} columns={columns} emptyText={t('pol.admin.noAuthorities')} pagination={false} />
      <FormModal<AuthorityValues>
        open={editing !== null}
        name="authority"
        title={editing?.userId ? t('pol.admin.editAuthority') : t('pol.admin.newAuthority')}
        initialValues={editing ?? {}}
        confirmLoading={put.isPending}
        onCancel={() => setEditing(null)}
        onSubmit={(values, form) =>
          put.mutate(
            { ...values, maxSumAssured: String(values.maxSumAssured) },
            {
              onSuccess: () => {
                setEditing(null);
                notifySuccess(t('common.saved'));
              },
              onError: (error) => {
                if (!showServerFieldError(form, error)) notifyError(error);
              },
            },
          )
        }
      >
        <Form.Item label={t('pol.admin.underwriter')} name="userId" rules={[{ required: true, message: t('common.required', { field: t('pol.admin.underwriter') }) }]}>
          <Select disabled={Boolean(editing?.userId)} showSearch={{ filterOption: false, onSearch: setUserQ }} options={userOptions} />
        </Form.Item>
        <Form.Item label={t('pol.line')} name="line" rules={[{ required: true, message: t('common.required', { field: t('pol.line') }) }]}>
          <Select disabled={Boolean(editing?.userId)} options={PRODUCT_LINE_CODES.map((l) => ({ value: l, label: pick(PRODUCT_LINES[l]) }))} />
        </Form.Item>
        <Form.Item label={t('pol.admin.maxSumAssured')} name="maxSumAssured" rules={[{ required: true, message: t('common.required', { field: t('pol.admin.maxSumAssured') }) }]}>
          <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} />
        </Form.Item>
      </FormModal>
    </>
  );
}

// ---------------------------------------------------------------- settings documents

/** A settings document as a form: loaded from GET, saved whole with PUT; 422s land under their field. */
function SettingForm<K extends SettingKey>({
  settingKey,
  prepare = (doc) => doc,
  children,
}: {
  settingKey: K;
  /** The document as the API takes it (e.g. cleared amounts left out). */
  prepare?: (doc: SettingDocuments[K]) => SettingDocuments[K];
  children: (form: FormInstance<SettingDocuments[K]>) => ReactNode;
}) {
  const { t } = useI18n();
  const query = useSetting(settingKey);
  const put = usePutSetting(settingKey);
  const [form] = Form.useForm<SettingDocuments[K]>();
  useEffect(() => {
    if (query.data) form.setFieldsValue(query.data as never);
  }, [query.data, form]);
  if (query.isPending) return <PageLoading />;
  return (
    <Form<SettingDocuments[K]>
      form={form}
      name={`setting-${settingKey}`}
      layout="vertical"
      initialValues={query.data}
      autoComplete="off"
      onFinish={(values) =>
        put.mutate(prepare({ ...query.data, ...values } as SettingDocuments[K]), {
          onSuccess: () => notifySuccess(t('common.saved')),
          onError: (error) => {
            if (!showServerFieldError(form, error)) notifyError(error);
          },
        })
      }
    >
      {children(form)}
      <Space>
        <Button type="primary" htmlType="submit" loading={put.isPending}>
          {t('common.save')}
        </Button>
        <Button onClick={() => form.resetFields()}>{t('common.reset')}</Button>
      </Space>
    </Form>
  );
}

function UnderwritingRulesForm() {
  const { t, pick } = useI18n();
  const num = (name: keyof UnderwritingRules, label: MessageKey, max: number, unit?: string) => (
    <Col xs={12} md={6}>
      <Form.Item label={t(label)} name={name} rules={[{ required: true, message: t('common.required', { field: t(label) }) }]}>
        <InputNumber min={0} max={max} precision={0} style={{ width: '100%' }} suffix={unit} />
      </Form.Item>
    </Col>
  );
  return (
    <SettingForm
      settingKey="underwriting"
      // A cleared amount means no limit for the line: the line is left out.
      prepare={(doc) => ({ ...doc, autoMaxSumAssured: Object.fromEntries(Object.entries(doc.autoMaxSumAssured ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== '')) })}
    >
      {() => (
        <>
          <Typography.Title level={5}>{t('pol.admin.autoMaxSumAssured')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('pol.admin.autoMaxHint')}</Typography.Paragraph>
          <Row gutter={16}>
            {PRODUCT_LINE_CODES.map((line) => (
              <Col xs={12} md={6} key={line}>
                <Form.Item label={pick(PRODUCT_LINES[line])} name={['autoMaxSumAssured', line]}>
                  <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} placeholder={t('pol.admin.noLimit')} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Row gutter={16}>
            {num('autoMinAge', 'pol.admin.autoMinAge', 120, t('pol.ageUnit'))}
            {num('autoMaxAge', 'pol.admin.autoMaxAge', 120, t('pol.ageUnit'))}
            {num('maxOccupationClass', 'pol.admin.maxOccupationClass', 6)}
            {num('maxVehicleAgeYears', 'pol.admin.maxVehicleAgeYears', 50, t('rating.life.years'))}
            {num('maxClaimsLast3Years', 'pol.admin.maxClaimsLast3Years', 99, t('rating.commercial.times'))}
            <Col xs={12} md={6}>
              <Form.Item label={t('pol.admin.referOnHealth')} name="referOnHealthDisclosure" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    </SettingForm>
  );
}

function ServicingSettingsForm() {
  const { t, pick } = useI18n();
  return (
    <SettingForm settingKey="servicing">
      {() => (
        <>
          <Typography.Title level={5}>{t('pol.admin.approvalThresholds')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('pol.admin.thresholdHint')}</Typography.Paragraph>
          <Row gutter={16}>
            {ENDORSEMENT_ITEM_CODES.map((item) => (
              <Col xs={12} md={6} key={item}>
                <Form.Item label={pick(ENDORSEMENT_ITEMS[item])} name={['approvalThresholds', item]} normalize={(v: string | null) => (v === '' || v === undefined ? null : v)}>
                  <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} placeholder={t('pol.admin.neverApproval')} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item label={t('pol.admin.coolingOffFee')} name="coolingOffFee" rules={[{ required: true, message: t('common.required', { field: t('pol.admin.coolingOffFee') }) }]}>
                <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label={t('pol.admin.graceDays')} name="graceDays" rules={[{ required: true, message: t('common.required', { field: t('pol.admin.graceDays') }) }]}>
                <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} suffix={t('pol.daysUnit')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label={t('pol.admin.reinstatementYears')} name="reinstatementYears" rules={[{ required: true, message: t('common.required', { field: t('pol.admin.reinstatementYears') }) }]}>
                <InputNumber min={0} max={10} precision={0} style={{ width: '100%' }} suffix={t('rating.life.years')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label={t('pol.admin.reinstatementInterest')} name="reinstatementInterest" rules={[{ required: true, message: t('common.required', { field: t('pol.admin.reinstatementInterest') }) }]}>
                <InputNumber<string> stringMode min="0" max="1" step="0.005" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label={t('pol.admin.pcSurrender')} name={['pcSurrenderMethod', 'default']}>
                <Select
                  options={[
                    { value: 'SHORT_RATE', label: t('pol.admin.shortRate') },
                    { value: 'PRO_RATA', label: t('pol.admin.proRata') },
                  ]}
                />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('pol.admin.shortRateTable')}</Typography.Title>
          <Form.List name="shortRateTable">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'months']} rules={[{ required: true, message: t('common.required', { field: t('pol.admin.months') }) }]}>
                      <InputNumber aria-label={t('pol.admin.monthsN', { n: index + 1 })} min={1} max={12} precision={0} suffix={t('rating.commercial.months')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'percent']} rules={[{ required: true, message: t('common.required', { field: t('pol.admin.percent') }) }]}>
                      <InputNumber<string> aria-label={t('pol.admin.percentN', { n: index + 1 })} stringMode min="0" max="100" precision={2} suffix="%" />
                    </Form.Item>
                    <Button aria-label={t('common.delete')} icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Form.Item>
                  <Button icon={<PlusOutlined />} onClick={() => add()}>
                    {t('pol.admin.addRow')}
                  </Button>
                </Form.Item>
              </>
            )}
          </Form.List>
        </>
      )}
    </SettingForm>
  );
}

function RenewalSettingsForm() {
  const { t, pick } = useI18n();
  return (
    <SettingForm settingKey="renewal">
      {() => (
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item<RenewalSettings> label={t('pol.admin.daysBefore')} name="daysBefore" rules={[{ required: true, message: t('common.required', { field: t('pol.admin.daysBefore') }) }]}>
              <InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} suffix={t('pol.daysUnit')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={18}>
            <Form.Item<RenewalSettings> label={t('pol.admin.renewalLines')} name="lines">
              <Select mode="multiple" options={PRODUCT_LINE_CODES.map((l) => ({ value: l, label: pick(PRODUCT_LINES[l]) }))} />
            </Form.Item>
          </Col>
        </Row>
      )}
    </SettingForm>
  );
}

/** 承保设置 (/policy-settings, policy:configure): number ranges, underwriting authorities, and the three settings documents. */
export default function PolicySettingsPage() {
  const { t } = useI18n();
  return (
    <Card title={t('nav.policySettings')}>
      <Tabs
        items={[
          { key: 'ranges', label: t('pol.admin.ranges'), children: <NumberRanges /> },
          { key: 'authorities', label: t('pol.admin.authorities'), children: <Authorities /> },
          { key: 'underwriting', label: t('pol.admin.underwritingRules'), children: <UnderwritingRulesForm /> },
          { key: 'servicing', label: t('pol.admin.servicing'), children: <ServicingSettingsForm /> },
          { key: 'renewal', label: t('pol.admin.renewal'), children: <RenewalSettingsForm /> },
        ]}
      />
    </Card>
  );
}

