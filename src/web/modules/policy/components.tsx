import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Row, Select, Space, Timeline, Typography, type FormInstance, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import {
  BENEFICIARY_RELATION_CODES,
  BENEFICIARY_RELATIONS,
  RECEIPT_METHOD_CODES,
  RECEIPT_METHODS,
  type Collection,
  type PartyBrief,
  type ProposalDetail,
  type ReceiptMethod,
  type TimelineEntry,
  type ValidationProblem,
} from '../../../contracts/policy';
import type { ProductLine, ProductQuote } from '../../../contracts/product';
import type { PartyListItem } from '../../../contracts/party';
import { formatDateTime } from '../../app/format';
import { useI18n, useT, type MessageKey } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { usePermission } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { FormModal, showServerFieldError } from '../../components/FormModal';
import { useCreatePerson, usePartySearch } from '../party/queries';
import { MOBILE_PATTERN, normalizeDate, normalizeIdText } from '../party/validation';
import { todayShanghai } from './dates';
import { LineTag, Money } from './labels';
import { isPositiveAmount, toFen } from './money';

// ---------------------------------------------------------------- customers

type PartyOption = Pick<PartyBrief, 'id' | 'name' | 'idNumberMasked'> & { partyNo?: string };

function optionOf(party: PartyOption) {
  return {
    value: party.id,
    label: `${party.name}（${party.idNumberMasked}）`,
    title: `${party.name} ${party.idNumberMasked}`,
    party,
  };
}

/**
 * Picks a customer by name (or pinyin initials), ID number or mobile (GET /parties?q=), with
 * 新建客户 for a person not registered yet. `known` labels ids already on the form (resumed drafts).
 */
export function PartyPicker({
  id,
  value,
  onChange,
  known = [],
  disabled,
  allowCreate = true,
}: {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  known?: PartyOption[];
  disabled?: boolean;
  allowCreate?: boolean;
}) {
  const t = useT();
  const can = usePermission();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  const [creating, setCreating] = useState(false);
  const [picked, setPicked] = useState<Record<string, PartyOption>>({});
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const search = usePartySearch(debounced);
  const found: PartyOption[] = (search.data ?? []).map((p: PartyListItem) => ({ id: p.id, name: p.name, idNumberMasked: p.idNumberMasked, partyNo: p.partyNo }));
  const byId = useMemo(() => {
    const map: Record<string, PartyOption> = {};
    for (const p of known) map[p.id] = p;
    return { ...map, ...picked };
  }, [known, picked]);
  const options = found.map(optionOf);
  if (value && !options.some((o) => o.value === value)) {
    const party = byId[value];
    if (party) options.unshift(optionOf(party));
  }
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        id={id}
        value={value}
        disabled={disabled}
        allowClear
        onChange={(next: string | undefined) => {
          const party = found.find((p) => p.id === next);
          if (party) setPicked((current) => ({ ...current, [party.id]: party }));
          onChange?.(next);
        }}
        showSearch={{ filterOption: false, onSearch: setText }}
        placeholder={t('pol.party.searchPlaceholder')}
        loading={search.isFetching}
        notFoundContent={debounced ? t('party.noMatch') : t('party.typeToSearch')}
        options={options}
        optionRender={(option) => (
          <Space size={6}>
            <span>{option.data.party.name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[option.data.party.partyNo, option.data.party.idNumberMasked].filter(Boolean).join(' · ')}
            </Typography.Text>
          </Space>
        )}
        style={{ width: '100%' }}
      />
      {allowCreate && can('party:write') && (
        <Button icon={<UserAddOutlined />} disabled={disabled} onClick={() => setCreating(true)}>
          {t('pol.party.new')}
        </Button>
      )}
      <QuickPersonModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(party) => {
          setPicked((current) => ({ ...current, [party.id]: party }));
          onChange?.(party.id);
          setCreating(false);
        }}
      />
    </Space.Compact>
  );
}

interface QuickPersonValues {
  name: string;
  idNumber: string;
  mobile?: string;
  birthDate?: string;
}

/** 新建客户 without leaving the proposal: a person with a resident ID (sex and birth date come from it). */
function QuickPersonModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (party: PartyOption) => void }) {
  const t = useT();
  const create = useCreatePerson();
  return (
    <FormModal<QuickPersonValues>
      open={open}
      name="quickPerson"
      title={t('pol.party.newTitle')}
      okText={t('common.save')}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onSubmit={(values, form) =>
        create.mutate(
          { name: values.name.trim(), idType: 'RESIDENT_ID', idNumber: normalizeIdText(values.idNumber), mobile: values.mobile?.trim() || undefined },
          {
            onSuccess: (saved) => {
              notifySuccess(t('party.created', { partyNo: saved.partyNo }));
              onCreated({ id: saved.id, name: saved.name, idNumberMasked: saved.idNumberMasked, partyNo: saved.partyNo });
            },
            onError: (error) => showServerFieldError(form, error),
          },
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('pol.party.newHint')}</Typography.Paragraph>
      <Form.Item label={t('party.name')} name="name" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('party.name') }) }]}>
        <Input maxLength={100} autoFocus />
      </Form.Item>
      <Form.Item
        label={t('party.idNumber')}
        name="idNumber"
        normalize={(v: string) => normalizeIdText(v)}
        rules={[
          { required: true, message: t('common.required', { field: t('party.idNumber') }) },
          { len: 18, message: t('pol.party.idLength') },
        ]}
      >
        <Input maxLength={18} style={{ fontFamily: 'monospace' }} placeholder={t('party.idNumberPlaceholder')} />
      </Form.Item>
      <Form.Item label={t('party.mobile')} name="mobile" rules={[{ pattern: MOBILE_PATTERN, message: t('party.mobileInvalid') }]}>
        <Input maxLength={11} inputMode="tel" />
      </Form.Item>
    </FormModal>
  );
}

// ---------------------------------------------------------------- dates typed from the keyboard

/** A business date typed as 20261201, 2026-12-1 or 2026/12/01; normalised to YYYY-MM-DD when the field is left. */
export function DateInput({ id, value, onChange, disabled, placeholder }: { id?: string; value?: string; onChange?: (value: string) => void; disabled?: boolean; placeholder?: string }) {
  return (
    <Input
      id={id}
      value={value}
      disabled={disabled}
      maxLength={10}
      placeholder={placeholder ?? 'YYYY-MM-DD'}
      onChange={(event) => onChange?.(event.target.value)}
      onBlur={(event) => {
        const date = normalizeDate(event.target.value);
        if (date && date !== event.target.value) onChange?.(date);
      }}
    />
  );
}

/** antd rule list for a required field, its message naming the field's label. */
export function useRequiredRule() {
  const t = useT();
  return (labelKey: MessageKey) => [{ required: true, message: t('common.required', { field: t(labelKey) }) }];
}

/** antd rules for a DateInput: required (optional) and a real calendar date. */
export function useDateRules() {
  const t = useT();
  return (labelKey: MessageKey, required = true) => [
    { required, message: t('common.required', { field: t(labelKey) }) },
    {
      validator: async (_: unknown, value: string | undefined) => {
        if (value?.trim() && !normalizeDate(value)) throw new Error(t('party.dateInvalid'));
      },
    },
  ];
}

/** Date text as the API takes it (undefined when empty or not a date). */
export const dateValue = (value: string | undefined | null) => normalizeDate(value ?? undefined);

// ---------------------------------------------------------------- quote, problems, timeline

/** The premium and its derivation, line by line, as the rating engine explained it. */
export function QuoteView({ quote, title, testId }: { quote: ProductQuote; title?: ReactNode; testId?: string }) {
  const t = useT();
  return (
    <div data-testid={testId}>
      <Descriptions
        size="small"
        column={1}
        bordered
        title={title}
        styles={{ label: { width: 130 } }}
        items={[
          { key: 'product', label: t('pol.product'), children: `${quote.version.productName}（${quote.version.productCode} V${quote.version.versionNo}）` },
          ...(quote.version.filingNo ? [{ key: 'filing', label: t('pol.filingNo'), children: quote.version.filingNo }] : []),
          { key: 'premium', label: t('pol.premium'), children: <Money value={quote.premium} strong testId={testId ? `${testId}-premium` : undefined} /> },
          ...(quote.coolingOffDays ? [{ key: 'cooling', label: t('pol.coolingOffDays'), children: t('pol.days', { n: quote.coolingOffDays }) }] : []),
        ]}
      />
      {quote.explanation.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text strong>{t('pol.derivation')}</Typography.Text>
          <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid={testId ? `${testId}-explanation` : undefined}>
            {quote.explanation.map((line, i) => (
              <li key={i}>
                <Typography.Text type="secondary">{line}</Typography.Text>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

/** 已转人工核保: why automatic underwriting referred the proposal (wizard outcome and proposal page). */
export function ReferredAlert({ p }: { p: ProposalDetail }) {
  const t = useT();
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="referred"
      title={t('pol.referredTitle', { no: p.proposalNo })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {(p.uwAuto?.reasons ?? []).map((r, i) => (
            <li key={i}>{r.message}</li>
          ))}
        </ul>
      }
    />
  );
}

/** A customer on a detail page: name (to the customer page) and the masked ID number. */
export function PartyLine({ party }: { party: PartyBrief | null }) {
  if (!party) return <>—</>;
  return (
    <Space size={6}>
      <Link to={`/parties/${party.id}`}>{party.name}</Link>
      <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
        {party.idNumberMasked}
      </Typography.Text>
    </Space>
  );
}

/** A proposal's or policy's card title: its number, state, line and product version. */
export function DetailTitle({ no, testId, state, product }: { no: string; testId: string; state: ReactNode; product: { line: ProductLine; name: string; versionNo: number } }) {
  return (
    <Space size={8} wrap>
      <Typography.Title level={4} style={{ margin: 0 }} data-testid={testId}>
        {no}
      </Typography.Title>
      {state}
      <LineTag line={product.line} />
      <Typography.Text>{`${product.name} V${product.versionNo}`}</Typography.Text>
    </Space>
  );
}

/** Problems of 单据校验 that have no field on screen (or all of them, on read-only pages). */
export function ProblemList({ problems, title, testId = 'proposal-problems' }: { problems: readonly ValidationProblem[]; title?: string; testId?: string }) {
  const t = useT();
  if (!problems.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      style={{ marginBottom: 16 }}
      title={title ?? t('pol.problems.title', { n: problems.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {problems.map((p, i) => (
            <li key={`${p.code}-${i}`}>{p.message}</li>
          ))}
        </ul>
      }
    />
  );
}

/** Puts validation problems under their fields; the ones without a field come back for a ProblemList. */
export function showProblems(form: FormInstance, fields: { name: (string | number)[]; errors: string[] }[]): void {
  if (!fields.length) return;
  form.setFields(fields.map((f) => ({ name: f.name, errors: f.errors })));
}

export function TimelineView({ entries }: { entries: TimelineEntry[] }) {
  const t = useT();
  if (!entries.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pol.timeline.empty')} />;
  return (
    <Timeline
      data-testid="timeline"
      items={entries.map((e) => ({
        key: e.id,
        color: e.action === 'withdraw' || e.toState === 'UW_DECLINED' ? 'red' : e.toState === 'ISSUED' || e.action === 'issue' ? 'green' : 'blue',
        title: formatDateTime(e.at),
        content: (
          <div>
            <Typography.Text strong>{e.label}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {e.actor ? e.actor.name : t('pol.timeline.system')}
            </Typography.Text>
            {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
          </div>
        ),
      }))}
    />
  );
}

// ---------------------------------------------------------------- collection

export function CollectionView({ collection }: { collection: Collection | null }) {
  const { t, pick } = useI18n();
  if (!collection) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pol.collection.none')} />;
  type Receipt = Collection['receipts'][number];
  const columns: TableColumnsType<Receipt> = [
    { title: t('pol.receipt.receivedOn'), dataIndex: 'receivedOn', key: 'receivedOn' },
    { title: t('pol.receipt.amount'), dataIndex: 'amount', key: 'amount', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: t('pol.receipt.method'), dataIndex: 'method', key: 'method', render: (m: ReceiptMethod) => pick(RECEIPT_METHODS[m]) },
    { title: t('pol.receipt.reference'), dataIndex: 'reference', key: 'reference', render: (v: string | null) => v ?? '—' },
    { title: t('pol.receipt.recordedBy'), key: 'recordedBy', render: (_, r) => `${r.recordedBy?.name ?? '—'} ${formatDateTime(r.recordedAt)}` },
  ];
  return (
    <div data-testid="collection">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 4 }}
        items={[
          { key: 'amount', label: t('pol.collection.amount'), children: <Money value={collection.amount} /> },
          { key: 'received', label: t('pol.collection.received'), children: <Money value={collection.received} testId="collection-received" /> },
          { key: 'outstanding', label: t('pol.collection.outstanding'), children: <Money value={collection.outstanding} strong testId="collection-outstanding" /> },
          { key: 'status', label: t('pol.collection.status'), children: t(`pol.collection.status.${collection.status}`) },
        ]}
      />
      <DataTable rows={collection.receipts} loading={false} columns={columns} emptyText={t('pol.collection.noReceipts')} pagination={false} size="small" />
    </div>
  );
}

export interface PaymentValues {
  amount: string;
  method: ReceiptMethod;
  reference?: string;
  receivedOn: string;
}

/**
 * 登记收费: amount prefilled with what is outstanding (a smaller amount is a partial receipt),
 * method, reference (required except cash) and the date received.
 */
export function PaymentModal({
  open,
  title,
  outstanding,
  pending,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  title: ReactNode;
  outstanding: string | null;
  pending: boolean;
  onCancel: () => void;
  onSubmit: (values: { amount: string; method: ReceiptMethod; reference: string | null; receivedOn: string }, form: FormInstance<PaymentValues>) => void;
}) {
  const { t, pick } = useI18n();
  const dateRules = useDateRules();
  return (
    <FormModal<PaymentValues>
      open={open}
      name="payment"
      title={title}
      okText={t('pol.payment.record')}
      confirmLoading={pending}
      onCancel={onCancel}
      initialValues={{ amount: outstanding ?? undefined, method: 'BANK_TRANSFER', receivedOn: todayShanghai() }}
      onSubmit={(values, form) =>
        onSubmit({ amount: String(values.amount), method: values.method, reference: values.reference?.trim() || null, receivedOn: dateValue(values.receivedOn) ?? values.receivedOn }, form)
      }
    >
      {outstanding && (
        <Typography.Paragraph>
          {t('pol.collection.outstanding')}：<Money value={outstanding} strong testId="payment-outstanding" />
        </Typography.Paragraph>
      )}
      <Form.Item
        label={t('pol.receipt.amount')}
        name="amount"
        extra={t('pol.payment.partialHint')}
        rules={[
          { required: true, message: t('common.required', { field: t('pol.receipt.amount') }) },
          {
            validator: async (_, value: string | undefined) => {
              if (value == null || value === '') return;
              if (!isPositiveAmount(String(value))) throw new Error(t('pol.payment.amountInvalid'));
              const due = toFen(outstanding);
              const fen = toFen(String(value));
              if (due !== null && fen !== null && fen > due) throw new Error(t('pol.payment.overpaid'));
            },
          },
        ]}
      >
        <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: '100%' }} suffix={t('rating.yuan')} autoFocus />
      </Form.Item>
      <Form.Item label={t('pol.receipt.method')} name="method" rules={[{ required: true, message: t('common.required', { field: t('pol.receipt.method') }) }]}>
        <Select options={RECEIPT_METHOD_CODES.map((m) => ({ value: m, label: pick(RECEIPT_METHODS[m]) }))} />
      </Form.Item>
      <Form.Item noStyle dependencies={['method']}>
        {({ getFieldValue }) => (
          <Form.Item
            label={t('pol.receipt.reference')}
            name="reference"
            extra={t('pol.payment.referenceHint')}
            rules={[{ required: getFieldValue('method') !== 'CASH', whitespace: true, message: t('common.required', { field: t('pol.receipt.reference') }) }]}
          >
            <Input maxLength={64} />
          </Form.Item>
        )}
      </Form.Item>
      <Form.Item label={t('pol.receipt.receivedOn')} name="receivedOn" rules={dateRules('pol.receipt.receivedOn')}>
        <DateInput />
      </Form.Item>
    </FormModal>
  );
}

/** 出单 asks for the 回执签收日 (the cooling-off period counts from it); default today. */
export function IssueModal({ open, pending, onCancel, onSubmit }: { open: boolean; pending: boolean; onCancel: () => void; onSubmit: (receiptDate: string) => void }) {
  const t = useT();
  const dateRules = useDateRules();
  return (
    <FormModal<{ receiptDate: string }>
      open={open}
      name="issue"
      title={t('pol.issue.title')}
      okText={t('pol.issue.ok')}
      confirmLoading={pending}
      onCancel={onCancel}
      initialValues={{ receiptDate: todayShanghai() }}
      onSubmit={(values) => onSubmit(dateValue(values.receiptDate) ?? values.receiptDate)}
    >
      <Typography.Paragraph type="secondary">{t('pol.issue.hint')}</Typography.Paragraph>
      <Form.Item label={t('pol.issue.receiptDate')} name="receiptDate" rules={dateRules('pol.issue.receiptDate')}>
        <DateInput />
      </Form.Item>
    </FormModal>
  );
}

/** A reason is asked for (withdraw, reject): required, up to 500 characters. */
export function ReasonModal({
  open,
  title,
  label,
  okText,
  danger,
  pending,
  required = true,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  title: ReactNode;
  label: string;
  okText: string;
  danger?: boolean;
  pending: boolean;
  required?: boolean;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  const t = useT();
  return (
    <FormModal<{ reason?: string }> open={open} name="reason" title={title} okText={okText} confirmLoading={pending} onCancel={onCancel} onSubmit={(v) => onSubmit(v.reason?.trim() ?? '')}>
      {danger && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('pol.cannotUndo')} />}
      <Form.Item label={label} name="reason" rules={[{ required, whitespace: true, message: t('common.required', { field: label }) }]}>
        <Input.TextArea rows={3} maxLength={500} showCount autoFocus />
      </Form.Item>
    </FormModal>
  );
}

// ---------------------------------------------------------------- beneficiaries

/**
 * 受益人 rows (Form.List `beneficiaries`): customer, relation to the insured, order and share.
 * No rows = 法定受益人 (legal heirs), said so on screen. Server problems name rows by index
 * ('beneficiaries.1.sharePercent'), which is how antd names them too.
 */
export function BeneficiariesCard({ known }: { known: PartyOption[] }) {
  const { t, pick } = useI18n();
  const required = useRequiredRule();
  return (
    <Form.List name="beneficiaries">
      {(fields, { add, remove }) => (
        <Card
          size="small"
          title={t('pol.beneficiaries')}
          style={{ marginBottom: 16 }}
          extra={
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({ order: 1, sharePercent: fields.length === 0 ? '100' : undefined })}>
              {t('pol.addBeneficiary')}
            </Button>
          }
        >
          {fields.length === 0 && <Alert type="info" showIcon data-testid="legal-heirs" title={t('pol.legalHeirs')} description={t('pol.legalHeirsHint')} />}
          {fields.map((field, index) => (
            <Row key={field.key} gutter={8} align="top" data-testid={`beneficiary-row-${index}`}>
              <Col xs={24} md={8}>
                <Form.Item label={index === 0 ? t('pol.beneficiary') : undefined} name={[field.name, 'partyId']} rules={required('pol.beneficiary')}>
                  <PartyPicker known={known} />
                </Form.Item>
              </Col>
              <Col xs={12} md={5}>
                <Form.Item label={index === 0 ? t('pol.beneficiaryRelation') : undefined} name={[field.name, 'relation']} rules={required('pol.beneficiaryRelation')}>
                  <Select aria-label={t('pol.beneficiaryRelation')} options={BENEFICIARY_RELATION_CODES.map((r) => ({ value: r, label: pick(BENEFICIARY_RELATIONS[r]) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item label={index === 0 ? t('pol.beneficiaryOrder') : undefined} name={[field.name, 'order']} rules={required('pol.beneficiaryOrder')}>
                  <Select aria-label={t('pol.beneficiaryOrder')} options={[1, 2, 3].map((n) => ({ value: n, label: t('pol.orderN', { n }) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={5}>
                <Form.Item label={index === 0 ? t('pol.sharePercent') : undefined} name={[field.name, 'sharePercent']} rules={required('pol.sharePercent')}>
                  <InputNumber<string> aria-label={t('pol.sharePercent')} stringMode min="0.01" max="100" precision={2} style={{ width: '100%' }} suffix="%" />
                </Form.Item>
              </Col>
              <Col xs={12} md={2}>
                <Button aria-label={t('pol.removeBeneficiary', { n: index + 1 })} icon={<DeleteOutlined />} style={index === 0 ? { marginTop: 30 } : undefined} onClick={() => remove(field.name)} />
              </Col>
            </Row>
          ))}
          {fields.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('pol.sharesHint')}
            </Typography.Text>
          )}
        </Card>
      )}
    </Form.List>
  );
}
