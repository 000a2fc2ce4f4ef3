import { useEffect, useRef, useState } from 'react';
import { Alert, Card, Col, Form, Input, Row, Select, Typography } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { PERSON_ID_TYPES, SEXES, type PersonDetail, type PersonIdType, type PersonInput, type Sex } from '../../../contracts/party';
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
import { NATIONALITIES, OCCUPATION_CLASSES } from './labels';
import { fetchIdCheck, useCreatePerson, useIdCheck, useUpdatePerson, type PersonPatch } from './queries';
import { useSaveShortcut } from './useSaveShortcut';
import { MOBILE_PATTERN, normalizeDate, normalizeIdText, optionalText } from './validation';

export interface PersonFormValues {
  name: string;
  idType: PersonIdType;
  idNumber?: string;
  sex?: Sex;
  birthDate?: string;
  nationality?: string;
  mobile?: string;
  email?: string;
  occupationCode?: string;
  occupationName?: string;
  occupationClass?: number | null;
  addresses?: AddressValues[];
  replaceBankAccounts?: boolean;
  bankAccounts?: BankAccountValues[];
  remark?: string;
}

function initialValuesOf(detail: PersonDetail | undefined): Partial<PersonFormValues> {
  if (!detail) return { idType: 'RESIDENT_ID', nationality: 'CHN', addresses: [], bankAccounts: [] };
  return {
    name: detail.name,
    idType: detail.idType,
    idNumber: '',
    sex: detail.sex,
    birthDate: detail.birthDate,
    nationality: detail.nationality,
    mobile: '',
    email: detail.email ?? '',
    occupationCode: detail.occupationCode ?? '',
    occupationName: detail.occupationName ?? '',
    occupationClass: detail.occupationClass,
    addresses: detail.addresses.map((a) => ({ type: a.type, detail: a.detail, postcode: a.postcode ?? '' })),
    replaceBankAccounts: false,
    bankAccounts: [],
    remark: detail.remark ?? '',
  };
}

function createBody(values: PersonFormValues): PersonInput {
  const resident = values.idType === 'RESIDENT_ID';
  return {
    name: values.name.trim(),
    idType: values.idType,
    idNumber: normalizeIdText(values.idNumber),
    // A resident ID carries sex and birth date (checked live, shown locked): the server derives them.
    sex: resident ? undefined : values.sex || undefined,
    birthDate: resident ? undefined : normalizeDate(values.birthDate),
    nationality: values.nationality || undefined,
    mobile: optionalText(values.mobile),
    email: optionalText(values.email),
    addresses: toAddresses(values.addresses),
    occupationCode: optionalText(values.occupationCode),
    occupationName: optionalText(values.occupationName),
    occupationClass: values.occupationClass ?? undefined,
    bankAccounts: toBankAccounts(values.bankAccounts),
    remark: optionalText(values.remark),
  };
}

/** PATCH body: masked fields (ID number, mobile, bank accounts) only when the clerk typed new ones. */
function patchBody(values: PersonFormValues, detail: PersonDetail): PersonPatch {
  const newNumber = normalizeIdText(values.idNumber);
  const resident = values.idType === 'RESIDENT_ID';
  const body: PersonPatch = {
    version: detail.version,
    name: values.name.trim(),
    nationality: values.nationality || undefined,
    email: optionalText(values.email) ?? null,
    addresses: toAddresses(values.addresses),
    occupationCode: optionalText(values.occupationCode) ?? null,
    occupationName: optionalText(values.occupationName) ?? null,
    occupationClass: values.occupationClass ?? null,
    remark: optionalText(values.remark) ?? null,
  };
  if (newNumber) {
    body.idType = values.idType;
    body.idNumber = newNumber;
  }
  if (!resident) {
    body.sex = values.sex || undefined;
    body.birthDate = normalizeDate(values.birthDate);
  }
  const mobile = optionalText(values.mobile);
  if (mobile) body.mobile = mobile;
  if (values.replaceBankAccounts) body.bankAccounts = toBankAccounts(values.bankAccounts);
  return body;
}

interface Mismatch {
  sex?: { typed: Sex; fromId: Sex };
  birthDate?: { typed: string; fromId: string };
}

/**
 * 个人客户 form (create and edit). A resident ID is checked against the server as soon as it has
 * 15 or 18 characters; a valid one fills and locks 性别 and 出生日期, and a disagreement with what
 * the clerk had typed is flagged. Server 422/409 errors land under the field they name.
 */
export function PersonForm({ detail, onReload }: { detail?: PersonDetail; onReload?: () => void }) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PersonFormValues>();
  const create = useCreatePerson();
  const update = useUpdatePerson();
  const save = detail ? update : create;
  const editing = detail !== undefined;
  useSaveShortcut(form);

  const idType = Form.useWatch('idType', form) ?? detail?.idType ?? 'RESIDENT_ID';
  const idNumber = normalizeIdText(Form.useWatch('idNumber', form));
  const resident = idType === 'RESIDENT_ID';
  // Resident IDs and HMT residence permits carry sex and birth date: the server reads them from the number.
  const carriesBirth = resident || idType === 'HMT_RESIDENCE_PERMIT';
  const idCheck = useIdCheck(idNumber, resident);
  const derived = resident && idCheck.data?.valid ? idCheck.data : undefined;
  // In edit mode a blank number keeps the one on file, whose sex and birth date stand.
  const keepsResidentId = editing && resident && detail.idType === 'RESIDENT_ID' && !idNumber;
  const locked = Boolean(derived) || keepsResidentId;
  const idNumberRequired = !editing || idType !== detail.idType;

  // Fill 性别/出生日期 from a valid resident ID; flag what the clerk had typed differently.
  const autoFilled = useRef<{ sex?: Sex; birthDate?: string }>({});
  const [mismatch, setMismatch] = useState<Mismatch>({});
  useEffect(() => {
    if (!derived) return;
    const typedSex = form.getFieldValue('sex') as Sex | undefined;
    const typedBirth = normalizeDate(form.getFieldValue('birthDate') as string | undefined);
    const next: Mismatch = {};
    if (typedSex && typedSex !== autoFilled.current.sex && typedSex !== derived.sex) next.sex = { typed: typedSex, fromId: derived.sex };
    if (typedBirth && typedBirth !== autoFilled.current.birthDate && typedBirth !== derived.birthDate) {
      next.birthDate = { typed: typedBirth, fromId: derived.birthDate };
    }
    setMismatch(next);
    autoFilled.current = { sex: derived.sex, birthDate: derived.birthDate };
    form.setFieldsValue({ sex: derived.sex, birthDate: derived.birthDate });
    void form.validateFields(['sex', 'birthDate']).catch(() => undefined);
  }, [derived, form]);
  useEffect(() => {
    if (!resident) setMismatch({});
  }, [resident]);

  const onFinish = (values: PersonFormValues) => {
    const onError = (error: unknown) => showServerFieldError(form, error);
    const onSuccess = (saved: PersonDetail) => {
      notifySuccess(editing ? t('common.saved') : t('party.created', { partyNo: saved.partyNo }));
      navigate(`/parties/${saved.id}`);
    };
    if (detail) update.mutate({ id: detail.id, ...patchBody(values, detail) }, { onSuccess, onError });
    else create.mutate(createBody(values), { onSuccess, onError });
  };

  const required = (labelKey: Parameters<typeof t>[0]) => ({ required: true, whitespace: true, message: t('common.required', { field: t(labelKey) }) });
  const sexLabel = (sex: Sex) => pick(SEXES[sex]);

  return (
    <Card
      title={editing ? t('party.editPersonTitle', { name: detail.name }) : t('party.newPerson')}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('party.shortcutHint')}
        </Typography.Text>
      }
    >
      <SaveProblemAlert error={save.error} onReload={onReload} />
      <Form<PersonFormValues>
        form={form}
        name="person"
        layout="vertical"
        initialValues={initialValuesOf(detail)}
        onFinish={onFinish}
        onValuesChange={() => save.error && save.reset()}
        scrollToFirstError
        autoComplete="off"
      >
        <FormSection title={t('party.identity')}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.name')} name="name" rules={[required('party.name')]}>
                <Input maxLength={100} autoFocus />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.idType')} name="idType" rules={[{ required: true, message: t('common.required', { field: t('party.idType') }) }]}>
                <Select options={Object.entries(PERSON_ID_TYPES).map(([value, label]) => ({ value, label: pick(label) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                label={t('party.idNumber')}
                name="idNumber"
                dependencies={['idType']}
                normalize={(value: string) => normalizeIdText(value)}
                validateTrigger={['onChange', 'onBlur']}
                extra={
                  derived ? (
                    <Typography.Text type="success" data-testid="id-derived">
                      <CheckCircleFilled /> {t('party.idValid', { province: derived.province, birthDate: derived.birthDate, sex: sexLabel(derived.sex) })}
                      {derived.normalized !== idNumber && ` · ${t('party.idUpgraded', { normalized: derived.normalized })}`}
                    </Typography.Text>
                  ) : editing ? (
                    t('party.idKeepHint', { masked: detail.idNumberMasked })
                  ) : undefined
                }
                rules={[
                  { required: idNumberRequired, message: t('common.required', { field: t('party.idNumber') }) },
                  {
                    validateTrigger: 'onBlur',
                    validator: async (_, value: string | undefined) => {
                      const text = normalizeIdText(value);
                      if (!text) return;
                      if (resident && text.length !== 15 && text.length !== 18) throw new Error(t('party.idLength'));
                      if (!resident && (text.length < 5 || text.length > 30)) throw new Error(t('party.idOtherLength'));
                    },
                  },
                  {
                    validateTrigger: ['onChange', 'onBlur'],
                    validator: async (_, value: string | undefined) => {
                      const text = normalizeIdText(value);
                      if (!resident || (text.length !== 15 && text.length !== 18)) return;
                      const verdict = await fetchIdCheck(queryClient, text);
                      if (!verdict.valid) throw new Error(t('party.idInvalid', { reason: t(`idcheck.reason.${verdict.reason}`) }));
                    },
                  },
                ]}
              >
                <Input
                  maxLength={resident ? 18 : 30}
                  placeholder={editing ? detail.idNumberMasked : resident ? t('party.idNumberPlaceholder') : undefined}
                  style={{ fontFamily: 'monospace' }}
                  suffix={resident && idCheck.isFetching ? <Typography.Text type="secondary">{t('party.checking')}</Typography.Text> : <span />}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                label={t('party.sex')}
                name="sex"
                extra={locked ? t('party.fromIdNumber') : undefined}
                rules={[{ required: !carriesBirth, message: t('common.required', { field: t('party.sex') }) }]}
              >
                <Select
                  disabled={locked}
                  allowClear={!locked}
                  placeholder={resident ? t('party.fromIdNumber') : undefined}
                  options={(Object.keys(SEXES) as Sex[]).map((value) => ({ value, label: sexLabel(value) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                label={t('party.birthDate')}
                name="birthDate"
                extra={locked ? t('party.fromIdNumber') : undefined}
                validateDebounce={300}
                rules={[
                  { required: !carriesBirth, message: t('common.required', { field: t('party.birthDate') }) },
                  {
                    validator: async (_, value: string | undefined) => {
                      if (value?.trim() && !normalizeDate(value)) throw new Error(t('party.dateInvalid'));
                    },
                  },
                ]}
              >
                <Input
                  disabled={locked}
                  maxLength={10}
                  placeholder={resident ? t('party.fromIdNumber') : 'YYYY-MM-DD'}
                  onBlur={(event) => {
                    const date = normalizeDate(event.target.value);
                    if (date && date !== event.target.value) form.setFieldValue('birthDate', date);
                  }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.nationality')} name="nationality">
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={[
                    ...NATIONALITIES.map((code) => ({ value: code, label: `${t(`party.country.${code}`)}（${code}）` })),
                    // A code on file outside the short list stays selectable as itself.
                    ...(detail && !(NATIONALITIES as readonly string[]).includes(detail.nationality) ? [{ value: detail.nationality, label: detail.nationality }] : []),
                  ]}
                />
              </Form.Item>
            </Col>
          </Row>
          {(mismatch.sex || mismatch.birthDate) && (
            <Alert
              type="warning"
              showIcon
              data-testid="id-mismatch"
              title={t('party.mismatchTitle')}
              description={
                <>
                  {mismatch.sex && <div>{t('party.mismatchSex', { typed: sexLabel(mismatch.sex.typed), fromId: sexLabel(mismatch.sex.fromId) })}</div>}
                  {mismatch.birthDate && <div>{t('party.mismatchBirthDate', mismatch.birthDate)}</div>}
                </>
              }
              closable={{ onClose: () => setMismatch({}) }}
            />
          )}
        </FormSection>

        <FormSection title={t('party.contacts')}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                label={t('party.mobile')}
                name="mobile"
                normalize={(value: string) => value.replace(/\D/g, '')}
                validateDebounce={300}
                rules={[{ pattern: MOBILE_PATTERN, message: t('party.mobileInvalid') }]}
                extra={editing && detail.mobileMasked ? t('party.keepHint', { masked: detail.mobileMasked }) : undefined}
              >
                <Input maxLength={11} inputMode="tel" placeholder={editing ? detail.mobileMasked ?? undefined : undefined} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.email')} name="email" validateDebounce={300} rules={[{ type: 'email', message: t('party.emailInvalid') }]}>
                <Input maxLength={100} inputMode="email" />
              </Form.Item>
            </Col>
          </Row>
        </FormSection>

        <FormSection title={t('party.occupation')}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.occupationName')} name="occupationName">
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.occupationCode')} name="occupationCode">
                <Input maxLength={20} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('party.occupationClass')} name="occupationClass">
                <Select allowClear options={OCCUPATION_CLASSES.map((value) => ({ value, label: t('party.occupationClassN', { n: value }) }))} />
              </Form.Item>
            </Col>
          </Row>
        </FormSection>

        <AddressesField defaultType="HOME" />

        <FormTail form={form} existing={detail} saving={save.isPending} />
      </Form>
    </Card>
  );
}
