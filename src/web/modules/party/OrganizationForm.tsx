import { Card, Col, Form, Input, Row, Select, Typography } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { ORGANIZATION_TYPES, type OrganizationDetail, type OrganizationInput, type OrganizationType } from '../../../contracts/party';
import { useI18n } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { showServerFieldError } from '../../components/FormModal';
import {
  AddressesField,
  FormSection,
  SaveProblemAlert,
  toAddresses,
  toBankAccounts,
  type AddressValues,
  type BankAccountValues,
  FormTail,
} from './FormParts';
import { fetchUsccCheck, useCreateOrganization, useUpdateOrganization, useUsccCheck, type OrganizationPatch } from './queries';
import { useSaveShortcut } from './useSaveShortcut';
import { isValidPhone, normalizeIdText, optionalText } from './validation';

export interface OrganizationFormValues {
  name: string;
  uscc: string;
  orgType?: OrganizationType;
  industry?: string;
  legalRepresentative?: string;
  contactName?: string;
  contactPhone?: string;
  email?: string;
  addresses?: AddressValues[];
  replaceBankAccounts?: boolean;
  bankAccounts?: BankAccountValues[];
  remark?: string;
}

function initialValuesOf(detail: OrganizationDetail | undefined): Partial<OrganizationFormValues> {
  if (!detail) return { orgType: 'ENTERPRISE', addresses: [], bankAccounts: [] };
  return {
    name: detail.name,
    uscc: detail.uscc,
    orgType: detail.orgType,
    industry: detail.industry ?? '',
    legalRepresentative: detail.legalRepresentative ?? '',
    contactName: detail.contactName ?? '',
    contactPhone: '',
    email: detail.email ?? '',
    addresses: detail.addresses.map((a) => ({ type: a.type, detail: a.detail, postcode: a.postcode ?? '' })),
    replaceBankAccounts: false,
    bankAccounts: [],
    remark: detail.remark ?? '',
  };
}

function createBody(values: OrganizationFormValues): OrganizationInput {
  return {
    name: values.name.trim(),
    uscc: normalizeIdText(values.uscc),
    orgType: values.orgType,
    industry: optionalText(values.industry),
    legalRepresentative: optionalText(values.legalRepresentative),
    contactName: optionalText(values.contactName),
    contactPhone: optionalText(values.contactPhone),
    email: optionalText(values.email),
    addresses: toAddresses(values.addresses),
    bankAccounts: toBankAccounts(values.bankAccounts),
    remark: optionalText(values.remark),
  };
}

/** PATCH body: the credit code only when changed; contact phone and bank accounts (masked on file) only when typed anew. */
function patchBody(values: OrganizationFormValues, detail: OrganizationDetail): OrganizationPatch {
  const body: OrganizationPatch = {
    version: detail.version,
    name: values.name.trim(),
    orgType: values.orgType,
    industry: optionalText(values.industry) ?? null,
    legalRepresentative: optionalText(values.legalRepresentative) ?? null,
    contactName: optionalText(values.contactName) ?? null,
    email: optionalText(values.email) ?? null,
    addresses: toAddresses(values.addresses),
    remark: optionalText(values.remark) ?? null,
  };
  const uscc = normalizeIdText(values.uscc);
  if (uscc !== detail.uscc) body.uscc = uscc;
  const phone = optionalText(values.contactPhone);
  if (phone) body.contactPhone = phone;
  if (values.replaceBankAccounts) body.bankAccounts = toBankAccounts(values.bankAccounts);
  return body;
}

/** 单位客户 form (create and edit): 统一社会信用代码 checked live once it has 18 characters. */
export function OrganizationForm({ detail, onReload }: { detail?: OrganizationDetail; onReload?: () => void }) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OrganizationFormValues>();
  const create = useCreateOrganization();
  const update = useUpdateOrganization();
  const save = detail ? update : create;
  const editing = detail !== undefined;
  useSaveShortcut(form);

  const uscc = normalizeIdText(Form.useWatch('uscc', form));
  const usccCheck = useUsccCheck(uscc);

  const onFinish = (values: OrganizationFormValues) => {
    const onError = (error: unknown) => showServerFieldError(form, error);
    const onSuccess = (saved: OrganizationDetail) => {
      notifySuccess(editing ? t('common.saved') : t('party.created', { partyNo: saved.partyNo }));
      navigate(`/parties/${saved.id}`);
    };
    if (detail) update.mutate({ id: detail.id, ...patchBody(values, detail) }, { onSuccess, onError });
    else create.mutate(createBody(values), { onSuccess, onError });
  };

  const required = (labelKey: Parameters<typeof t>[0]) => ({ required: true, whitespace: true, message: t('common.required', { field: t(labelKey) }) });

  return (
    <Card
      title={editing ? t('party.editOrgTitle', { name: detail.name }) : t('party.newOrganization')}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('party.shortcutHint')}
        </Typography.Text>
      }
    >
      <SaveProblemAlert error={save.error} onReload={onReload} />
      <Form<OrganizationFormValues>
        form={form}
        name="organization"
        layout="vertical"
        initialValues={initialValuesOf(detail)}
        onFinish={onFinish}
        onValuesChange={() => save.error && save.reset()}
        scrollToFirstError
        autoComplete="off"
      >
        <FormSection title={t('party.orgIdentity')}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.orgName')} name="name" rules={[required('party.orgName')]}>
                <Input maxLength={100} autoFocus />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                label={t('party.uscc')}
                name="uscc"
                normalize={(value: string) => normalizeIdText(value)}
                validateTrigger={['onChange', 'onBlur']}
                extra={
                  usccCheck.data?.valid ? (
                    <Typography.Text type="success" data-testid="uscc-valid">
                      <CheckCircleFilled /> {t('party.usccValid')}
                    </Typography.Text>
                  ) : undefined
                }
                rules={[
                  required('party.uscc'),
                  {
                    validateTrigger: 'onBlur',
                    validator: async (_, value: string | undefined) => {
                      const text = normalizeIdText(value);
                      if (text && text.length !== 18) throw new Error(t('party.usccLength'));
                    },
                  },
                  {
                    validateTrigger: ['onChange', 'onBlur'],
                    validator: async (_, value: string | undefined) => {
                      const text = normalizeIdText(value);
                      if (text.length !== 18) return;
                      const verdict = await fetchUsccCheck(queryClient, text);
                      if (!verdict.valid) throw new Error(t('party.usccInvalid', { reason: t(`idcheck.reason.${verdict.reason}`) }));
                    },
                  },
                ]}
              >
                <Input
                  maxLength={18}
                  style={{ fontFamily: 'monospace' }}
                  placeholder={t('party.usccPlaceholder')}
                  suffix={usccCheck.isFetching ? <Typography.Text type="secondary">{t('party.checking')}</Typography.Text> : <span />}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.orgType')} name="orgType">
                <Select options={Object.entries(ORGANIZATION_TYPES).map(([value, label]) => ({ value, label: pick(label) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.industry')} name="industry">
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.legalRepresentative')} name="legalRepresentative">
                <Input maxLength={50} />
              </Form.Item>
            </Col>
          </Row>
        </FormSection>

        <FormSection title={t('party.contacts')}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.contactName')} name="contactName">
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                label={t('party.contactPhone')}
                name="contactPhone"
                validateDebounce={300}
                rules={[
                  {
                    validator: async (_, value: string | undefined) => {
                      if (value?.trim() && !isValidPhone(value)) throw new Error(t('party.phoneInvalid'));
                    },
                  },
                ]}
                extra={editing && detail.contactPhoneMasked ? t('party.keepHint', { masked: detail.contactPhoneMasked }) : undefined}
              >
                <Input maxLength={20} inputMode="tel" placeholder={editing ? detail.contactPhoneMasked ?? undefined : undefined} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.email')} name="email" validateDebounce={300} rules={[{ type: 'email', message: t('party.emailInvalid') }]}>
                <Input maxLength={100} inputMode="email" />
              </Form.Item>
            </Col>
          </Row>
        </FormSection>

        <AddressesField defaultType="REGISTERED" />

        <FormTail form={form} existing={detail} saving={save.isPending} />
      </Form>
    </Card>
  );
}
