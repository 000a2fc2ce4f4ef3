import { useRef, type ReactNode } from 'react';
import { Alert, Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { ADDRESS_TYPES, type AddressType, type BankAccount } from '../../../contracts/party';
import { isApiError } from '../../app/api';
import { useI18n, useT } from '../../app/i18n';
import { accountNumberProblem, normalizeAccountNumber, POSTCODE_PATTERN } from './validation';

/** Form values of one address row. */
export interface AddressValues {
  type: AddressType;
  detail: string;
  postcode?: string;
}

/** Form values of one bank account row. */
export interface BankAccountValues {
  bankName: string;
  accountName: string;
  accountNumber: string;
}

/** A titled block of a customer form. */
export function FormSection({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} style={{ marginBottom: 16 }}>
      {children}
    </Card>
  );
}

/** 地址: repeatable rows of type, 省市区详细地址 and 邮编. */
export function AddressesField({ defaultType }: { defaultType: AddressType }) {
  const { t, pick } = useI18n();
  const added = useRef(false);
  return (
    <Form.List name="addresses">
      {(fields, { add, remove }) => (
        <FormSection
          title={t('party.addresses')}
          extra={
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => {
                added.current = true;
                add({ type: defaultType, detail: '' });
              }}
            >
              {t('party.addAddress')}
            </Button>
          }
        >
          {fields.length === 0 && <Typography.Text type="secondary">{t('party.noAddresses')}</Typography.Text>}
          {fields.map((field, index) => (
            <Row key={field.key} gutter={8} align="top" data-testid={`address-row-${index}`}>
              <Col flex="150px">
                <Form.Item name={[field.name, 'type']} rules={[{ required: true, message: t('common.required', { field: t('party.addressType') }) }]}>
                  <Select
                    aria-label={t('party.rowLabel', { label: t('party.addressType'), n: index + 1 })}
                    options={Object.entries(ADDRESS_TYPES).map(([value, label]) => ({ value, label: pick(label) }))}
                  />
                </Form.Item>
              </Col>
              <Col flex="auto">
                <Form.Item
                  name={[field.name, 'detail']}
                  rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('party.addressDetail') }) }]}
                >
                  <Input
                    maxLength={200}
                    placeholder={t('party.addressDetailPlaceholder')}
                    aria-label={t('party.rowLabel', { label: t('party.addressDetail'), n: index + 1 })}
                    autoFocus={added.current && index === fields.length - 1}
                  />
                </Form.Item>
              </Col>
              <Col flex="130px">
                <Form.Item name={[field.name, 'postcode']} rules={[{ pattern: POSTCODE_PATTERN, message: t('party.postcodeInvalid') }]}>
                  <Input maxLength={6} inputMode="numeric" placeholder={t('party.postcode')} aria-label={t('party.rowLabel', { label: t('party.postcode'), n: index + 1 })} />
                </Form.Item>
              </Col>
              <Col flex="40px">
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('party.removeRow', { n: index + 1 })}
                  title={t('party.removeRow', { n: index + 1 })}
                  onClick={() => remove(field.name)}
                />
              </Col>
            </Row>
          ))}
        </FormSection>
      )}
    </Form.List>
  );
}

/** 银行账户: repeatable rows; card numbers (16–19 digits) must pass Luhn as typed. */
export function BankAccountsField({ defaultAccountName }: { defaultAccountName: () => string | undefined }) {
  const t = useT();
  const added = useRef(false);
  return (
    <Form.List name="bankAccounts">
      {(fields, { add, remove }) => (
        <>
          {fields.length === 0 && <Typography.Text type="secondary">{t('party.noBankAccounts')}</Typography.Text>}
          {fields.map((field, index) => (
            <Row key={field.key} gutter={8} align="top" data-testid={`bank-row-${index}`}>
              <Col flex="220px">
                <Form.Item name={[field.name, 'bankName']} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('party.bankName') }) }]}>
                  <Input
                    maxLength={50}
                    placeholder={t('party.bankName')}
                    aria-label={t('party.rowLabel', { label: t('party.bankName'), n: index + 1 })}
                    autoFocus={added.current && index === fields.length - 1}
                  />
                </Form.Item>
              </Col>
              <Col flex="180px">
                <Form.Item name={[field.name, 'accountName']} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('party.accountName') }) }]}>
                  <Input maxLength={100} placeholder={t('party.accountName')} aria-label={t('party.rowLabel', { label: t('party.accountName'), n: index + 1 })} />
                </Form.Item>
              </Col>
              <Col flex="auto">
                <Form.Item
                  name={[field.name, 'accountNumber']}
                  normalize={(value: string) => value.replace(/[^\d\s-]/g, '')}
                  validateDebounce={300}
                  rules={[
                    { required: true, whitespace: true, message: t('common.required', { field: t('party.accountNumber') }) },
                    {
                      validator: async (_, value: string | undefined) => {
                        if (!value?.trim()) return;
                        const problem = accountNumberProblem(value);
                        if (problem === 'FORMAT') throw new Error(t('party.accountNumberFormat'));
                        if (problem === 'LUHN') throw new Error(t('party.accountNumberLuhn'));
                      },
                    },
                  ]}
                >
                  <Input
                    maxLength={40}
                    inputMode="numeric"
                    placeholder={t('party.accountNumber')}
                    aria-label={t('party.rowLabel', { label: t('party.accountNumber'), n: index + 1 })}
                    style={{ fontFamily: 'monospace' }}
                  />
                </Form.Item>
              </Col>
              <Col flex="40px">
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('party.removeRow', { n: index + 1 })}
                  title={t('party.removeRow', { n: index + 1 })}
                  onClick={() => remove(field.name)}
                />
              </Col>
            </Row>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            onClick={() => {
              added.current = true;
              add({ bankName: '', accountName: defaultAccountName() ?? '', accountNumber: '' });
            }}
          >
            {t('party.addBankAccount')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** Bank rows as the API wants them: numbers without the spaces clerks type. */
export function toBankAccounts(rows: BankAccountValues[] | undefined) {
  return (rows ?? []).map((row) => ({
    bankName: row.bankName.trim(),
    accountName: row.accountName.trim(),
    accountNumber: normalizeAccountNumber(row.accountNumber),
  }));
}

export function toAddresses(rows: AddressValues[] | undefined) {
  return (rows ?? []).map((row) => ({ type: row.type, detail: row.detail.trim(), postcode: row.postcode?.trim() || null }));
}

/** Bank accounts already on file (masked), shown in edit mode above the 重新录入 switch. */
export function ExistingBankAccounts({ accounts }: { accounts: BankAccount[] }) {
  const t = useT();
  if (!accounts.length) return <Typography.Text type="secondary">{t('party.noBankAccounts')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={2} style={{ marginBottom: 8 }}>
      {accounts.map((account, index) => (
        <Typography.Text key={index}>
          {account.bankName} · {account.accountName} · <span style={{ fontFamily: 'monospace' }}>{account.accountNumberMasked}</span>
        </Typography.Text>
      ))}
    </Space>
  );
}

interface DuplicateDetails {
  existing?: { id?: string; partyNo?: string; name?: string; orgName?: string };
}

/**
 * What a failed save means beyond a field: 409 PARTY_DUPLICATE (with a link to the customer
 * already on file when the clerk may see it) and 409 PARTY_STALE (someone saved in between).
 */
export function SaveProblemAlert({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const t = useT();
  if (isApiError(error, 'PARTY_DUPLICATE')) {
    const existing = (error.details as DuplicateDetails | undefined)?.existing;
    return (
      <Alert
        type="warning"
        showIcon
        role="alert"
        data-testid="party-duplicate"
        style={{ marginBottom: 16 }}
        title={t('party.duplicateTitle')}
        description={
          existing?.id ? (
            <Space wrap>
              <span>{t('party.duplicateVisible', { name: existing.name ?? '', partyNo: existing.partyNo ?? '', org: existing.orgName ?? '' })}</span>
              <Link to={`/parties/${existing.id}`}>{t('party.openExisting')}</Link>
            </Space>
          ) : (
            t('party.duplicateHidden', { partyNo: existing?.partyNo ?? '—' })
          )
        }
      />
    );
  }
  if (isApiError(error, 'PARTY_STALE')) {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        data-testid="party-stale"
        style={{ marginBottom: 16 }}
        title={t('party.staleTitle')}
        description={t('party.staleDetail')}
        action={
          onReload && (
            <Button size="small" onClick={onReload}>
              {t('party.reloadLatest')}
            </Button>
          )
        }
      />
    );
  }
  return null;
}

/**
 * The end of both customer forms: bank accounts (kept as they are on edit unless 重新录入 is
 * ticked — the detail holds only masked numbers), remark, and save / cancel.
 */
export function FormTail({ form, existing, saving }: { form: FormInstance; existing?: { id: string; bankAccounts: BankAccount[] }; saving: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  const replaceBankAccounts = Form.useWatch('replaceBankAccounts', form) as boolean | undefined;
  return (
    <>
      <FormSection title={t('party.bankAccounts')}>
        {existing && (
          <>
            <ExistingBankAccounts accounts={existing.bankAccounts} />
            <Form.Item name="replaceBankAccounts" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>{t('party.replaceBankAccounts')}</Checkbox>
            </Form.Item>
          </>
        )}
        {(!existing || replaceBankAccounts) && <BankAccountsField defaultAccountName={() => form.getFieldValue('name') as string | undefined} />}
      </FormSection>

      <FormSection title={t('party.remark')}>
        <Form.Item name="remark" noStyle>
          <Input.TextArea maxLength={500} rows={2} aria-label={t('party.remark')} />
        </Form.Item>
      </FormSection>

      <Space>
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving}>
          {t('common.save')}
        </Button>
        <Button onClick={() => navigate(existing ? `/parties/${existing.id}` : '/parties')}>{t('common.cancel')}</Button>
      </Space>
    </>
  );
}
