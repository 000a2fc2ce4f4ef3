import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CalculatorOutlined, CheckOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router-dom';
import {
  ENDORSEMENT_ITEMS,
  INSURED_RELATION_CODES,
  INSURED_RELATIONS,
  POLICY_STATES,
  type EndorsementInput,
  type EndorsementItem,
  type EndorsementTrial,
  type InsuredRelation,
  type PolicyDetail,
} from '../../../contracts/policy';
import { ADDRESS_TYPES, type AddressType } from '../../../contracts/party';
import { isApiError } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { showServerFieldError } from '../../components/FormModal';
import { ErrorResult, NotFoundResult, PageLoading } from '../../components/results';
import { MOBILE_PATTERN, POSTCODE_PATTERN } from '../party/validation';
import { BeneficiariesCard, DateInput, dateValue, PartyPicker, useDateRules } from './components';
import { todayShanghai } from './dates';
import type { BeneficiaryValues } from './lifeForm';
import { Money, Mono, PolicyStateTag } from './labels';
import { useApplyEndorsement, useEndorsementTrial, usePolicy } from './queries';

interface EndorseValues {
  item: EndorsementItem;
  effectiveDate: string;
  reason?: string;
  contact?: { partyId?: string; mobile?: string; email?: string; address?: { type?: AddressType; detail?: string; postcode?: string } };
  beneficiaries?: BeneficiaryValues[];
  policyholder?: { partyId?: string; relation?: InsuredRelation };
  newSumAssured?: string;
}

const opt = (value: string | undefined) => {
  const v = value?.trim();
  return v ? v : null;
};

/** The body for trial and apply: the common part and exactly the part of the item. */
export function endorsementBody(v: EndorseValues): EndorsementInput {
  const body: EndorsementInput = { item: v.item, effectiveDate: dateValue(v.effectiveDate) ?? v.effectiveDate, reason: opt(v.reason) };
  switch (v.item) {
    case 'CONTACT_CHANGE': {
      const a = v.contact?.address;
      body.contact = {
        partyId: v.contact?.partyId ?? '',
        mobile: opt(v.contact?.mobile),
        email: opt(v.contact?.email),
        address: a?.detail?.trim() ? { type: a.type ?? 'HOME', detail: a.detail.trim(), postcode: opt(a.postcode) } : null,
      };
      break;
    }
    case 'BENEFICIARY_CHANGE':
      body.beneficiaries = (v.beneficiaries ?? []).map((b) => ({ partyId: b.partyId ?? '', relation: b.relation!, order: b.order ?? 1, sharePercent: b.sharePercent != null ? String(b.sharePercent) : '' }));
      break;
    case 'POLICYHOLDER_CHANGE':
      body.policyholder = { partyId: v.policyholder?.partyId ?? '', relation: v.policyholder?.relation as InsuredRelation };
      break;
    case 'SUM_ASSURED_REDUCTION':
      body.newSumAssured = v.newSumAssured != null ? String(v.newSumAssured) : '';
      break;
    default:
      break;
  }
  return body;
}

function ItemFields({ item, policy }: { item: EndorsementItem; policy: PolicyDetail }) {
  const { t, pick } = useI18n();
  const known = [policy.policyholderParty, policy.insuredParty, ...policy.beneficiaries.map((b) => b.party)];
  const required = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  switch (item) {
    case 'CONTACT_CHANGE':
      return (
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('pol.endorse.contactParty')} name={['contact', 'partyId']} rules={required(t('pol.endorse.contactParty'))}>
              <Select
                options={[
                  { value: policy.policyholderParty.id, label: `${t('pol.policyholder')}：${policy.policyholderParty.name}` },
                  ...(policy.insuredParty.id !== policy.policyholderParty.id ? [{ value: policy.insuredParty.id, label: `${t('pol.insured')}：${policy.insuredParty.name}` }] : []),
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item label={t('party.mobile')} name={['contact', 'mobile']} rules={[{ pattern: MOBILE_PATTERN, message: t('party.mobileInvalid') }]}>
              <Input maxLength={11} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item label={t('party.email')} name={['contact', 'email']} rules={[{ type: 'email', message: t('party.emailInvalid') }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item label={t('party.addressType')} name={['contact', 'address', 'type']}>
              <Select options={(Object.keys(ADDRESS_TYPES) as AddressType[]).map((a) => ({ value: a, label: pick(ADDRESS_TYPES[a]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={13}>
            <Form.Item label={t('party.addressDetail')} name={['contact', 'address', 'detail']}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item label={t('party.postcode')} name={['contact', 'address', 'postcode']} rules={[{ pattern: POSTCODE_PATTERN, message: t('party.postcodeInvalid') }]}>
              <Input maxLength={6} />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'BENEFICIARY_CHANGE':
      return <BeneficiariesCard known={known} />;
    case 'POLICYHOLDER_CHANGE':
      return (
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('pol.endorse.newHolder')} name={['policyholder', 'partyId']} rules={required(t('pol.endorse.newHolder'))}>
              <PartyPicker known={known} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('pol.endorse.newHolderRelation')} name={['policyholder', 'relation']} rules={required(t('pol.endorse.newHolderRelation'))}>
              <Select options={INSURED_RELATION_CODES.map((r) => ({ value: r, label: pick(INSURED_RELATIONS[r]) }))} />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'SUM_ASSURED_REDUCTION':
      return (
        <Form.Item label={t('pol.endorse.newSumAssured')} name="newSumAssured" rules={required(t('pol.endorse.newSumAssured'))} extra={t('pol.endorse.currentSum', { sum: policy.sumAssured ?? '—' })}>
          <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: 260 }} suffix={t('rating.yuan')} />
        </Form.Item>
      );
    default:
      return null;
  }
}

function TrialView({ trial }: { trial: EndorsementTrial }) {
  const { t, pick } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="endorsement-trial">
      <Descriptions
        size="small"
        bordered
        column={1}
        styles={{ label: { width: 150 } }}
        items={[
          {
            key: 'amount',
            label: t('pol.endorsementAmount'),
            children: trial.direction ? (
              <Space>
                <Tag color={trial.direction === 'PAYABLE' ? 'green' : 'orange'}>{t(`pol.direction.${trial.direction}`)}</Tag>
                <Money value={trial.amount} strong testId="trial-amount" />
              </Space>
            ) : (
              t('pol.endorse.noMoney')
            ),
          },
          { key: 'after', label: t('pol.endorse.stateAfter'), children: <PolicyStateTag state={trial.policyStateAfter} /> },
          {
            key: 'approval',
            label: t('pol.endorse.approval'),
            children: trial.needsApproval ? <Tag color="orange">{t('pol.endorse.needsApproval')}</Tag> : <Tag color="success">{t('pol.endorse.appliesAtOnce')}</Tag>,
          },
        ]}
      />
      {trial.explanation.length > 0 && (
        <div>
          <Typography.Text strong>{t('pol.derivation')}</Typography.Text>
          <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
            {trial.explanation.map((line, i) => (
              <li key={i}>
                <Typography.Text type="secondary">{line}</Typography.Text>
              </li>
            ))}
          </ol>
        </div>
      )}
      {trial.changes.length > 0 && (
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => r.field}
          dataSource={trial.changes}
          columns={[
            { title: t('pol.endorse.field'), dataIndex: 'field', key: 'field' },
            { title: t('pol.endorse.before'), dataIndex: 'before', key: 'before', render: (v: string | null) => v ?? '—' },
            { title: t('pol.endorse.after'), dataIndex: 'after', key: 'after', render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}
      {trial.policyStateAfter !== 'IN_FORCE' && (
        <Alert type="warning" showIcon title={t('pol.endorse.ends', { state: pick(POLICY_STATES[trial.policyStateAfter]) })} />
      )}
    </Space>
  );
}

/**
 * The effective date an item starts from: today, or the first day of cover for a policy not started
 * yet — except 犹豫期撤单 and 退保, which may end such a policy from today (the whole premium back).
 */
function defaultEffectiveDate(item: EndorsementItem | undefined, startDate: string): string {
  const today = todayShanghai();
  return startDate > today && item !== 'COOLING_OFF_CANCELLATION' && item !== 'SURRENDER' ? startDate : today;
}

/**
 * 保全申请 (/policies/:id/endorse): pick an item the policy allows now, fill its part, 试算 (the
 * amount, 退费/补费, what changes, whether an approver decides), then confirm — the confirmation
 * sends the trial's amount, so a change in between answers 409 instead of applying other figures.
 */
export default function EndorsementWizardPage() {
  const { id } = useParams<{ id: string }>();
  const { t, pick } = useI18n();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const query = usePolicy(id);
  const trial = useEndorsementTrial();
  const apply = useApplyEndorsement();
  const dateRules = useDateRules();
  const [form] = Form.useForm<EndorseValues>();
  const [tried, setTried] = useState<{ body: EndorsementInput; result: EndorsementTrial } | null>(null);
  const item = Form.useWatch('item', form);
  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    return isApiError(query.error) && (query.error.status === 404 || query.error.status === 400) ? <NotFoundResult /> : <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  }
  const policy = query.data;

  const runTrial = (values: EndorseValues) => {
    const body = endorsementBody(values);
    trial.mutate(
      { policyId: policy.id, ...body },
      {
        onSuccess: (result) => setTried({ body, result }),
        onError: (error) => {
          setTried(null);
          if (!showServerFieldError(form, error)) notifyError(error);
        },
      },
    );
  };

  const confirm = () => {
    if (!tried) return;
    const { body, result } = tried;
    const money = result.direction ? `${t(`pol.direction.${result.direction}`)} ${result.amount} ${t('rating.yuan')}` : t('pol.endorse.noMoney');
    modal.confirm({
      title: t('pol.endorse.confirmTitle', { item: pick(ENDORSEMENT_ITEMS[body.item]) }),
      content: t(result.needsApproval ? 'pol.endorse.confirmApproval' : 'pol.endorse.confirmApply', { policy: policy.policyNo, money }),
      okText: t('pol.endorse.confirm'),
      okButtonProps: { danger: result.policyStateAfter !== 'IN_FORCE' },
      cancelText: t('common.cancel'),
      onOk: () =>
        new Promise<void>((resolve) =>
          apply.mutate(
            { policyId: policy.id, ...body, expectedAmount: result.amount },
            {
              onSuccess: (detail) => {
                resolve();
                notifySuccess(detail.state === 'APPLIED' ? t('pol.endorse.applied', { no: detail.endorsementNo }) : t('pol.endorse.pending', { no: detail.endorsementNo }));
                navigate(`/policies/${policy.id}`);
              },
              onError: (error) => {
                resolve();
                if (isApiError(error, 'ENDORSEMENT_TRIAL_STALE')) setTried(null);
                if (!showServerFieldError(form, error)) notifyError(error);
              },
            },
          ),
        ),
    });
  };

  return (
    <Card
      title={
        <Space wrap>
          {t('nav.endorse')} · <Mono>{policy.policyNo}</Mono>
          <PolicyStateTag state={policy.state} />
          {policy.product.name}
        </Space>
      }
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/policies/${policy.id}`)}>
          {t('pol.backToPolicy')}
        </Button>
      }
    >
      {policy.endorsementItems.length === 0 ? (
        <Empty description={t('pol.endorse.noItems', { state: pick(POLICY_STATES[policy.state]) })} />
      ) : (
        <Row gutter={[24, 16]}>
          <Col xs={24} xl={13}>
            <Form<EndorseValues>
              form={form}
              name="endorse"
              layout="vertical"
              autoComplete="off"
              initialValues={{
                effectiveDate: defaultEffectiveDate(undefined, policy.startDate),
                contact: { partyId: policy.policyholderParty.id, address: { type: 'HOME' } },
                beneficiaries: policy.beneficiaries.map(({ partyId, relation, order, sharePercent }) => ({ partyId, relation, order, sharePercent })),
              }}
              onValuesChange={(changed: Partial<EndorseValues>) => {
                if (tried) setTried(null);
                if (changed.item && !form.isFieldTouched('effectiveDate')) form.setFieldValue('effectiveDate', defaultEffectiveDate(changed.item, policy.startDate));
              }}
              onFinish={runTrial}
            >
              <Form.Item label={t('pol.endorsementItem')} name="item" rules={[{ required: true, message: t('pol.endorse.pickItem') }]}>
                <Radio.Group
                  optionType="button"
                  options={policy.endorsementItems.map((i) => ({ value: i, label: `${pick(ENDORSEMENT_ITEMS[i])}（${ENDORSEMENT_ITEMS[i].code}）` }))}
                />
              </Form.Item>
              {item && (
                <>
                  <ItemFields item={item} policy={policy} />
                  <Row gutter={16}>
                    <Col xs={24} md={8}>
                      <Form.Item label={t('pol.effectiveDate')} name="effectiveDate" rules={dateRules('pol.effectiveDate')}>
                        <DateInput />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={16}>
                      <Form.Item label={t('pol.endorse.reason')} name="reason">
                        <Input maxLength={500} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Space>
                    <Button htmlType="submit" icon={<CalculatorOutlined />} loading={trial.isPending}>
                      {t('pol.wizard.quote')}
                    </Button>
                    <Button type="primary" icon={<CheckOutlined />} disabled={!tried} loading={apply.isPending} onClick={confirm}>
                      {t('pol.endorse.confirm')}
                    </Button>
                  </Space>
                </>
              )}
            </Form>
          </Col>
          <Col xs={24} xl={11}>
            <Card size="small" title={t('pol.endorse.trial')}>
              {tried ? <TrialView trial={tried.result} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pol.endorse.trialFirst')} />}
            </Card>
          </Col>
        </Row>
      )}
    </Card>
  );
}
