import { useState } from 'react';
import { Alert, AutoComplete, Button, Card, Col, Descriptions, Empty, Form, Input, List, Row, Select, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckCircleOutlined, SearchOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { LOSS_CAUSES, REPORT_CHANNELS, type ClaimReportInput, type ReportablePolicy } from '../../../contracts/claim';
import { useI18n } from '../../app/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { showServerFieldError } from '../../components/FormModal';
import { isValidPhone } from '../party/validation';
import { LineTag, Money, Mono } from '../policy/labels';
import { isMotorLine, LiabilityFields, lossDateOf, nowLossTime, parseLossTime, partiesInput, PartiesList, useLossTimeRules, type PartyValues } from './ClaimReportParts';
import { LossTypeTag } from './labels';
import { useReportablePolicies, useReportClaim } from './queries';

const RELATIONS = ['本人', '配偶', '子女', '父母', '驾驶员', '车主', '朋友', '其他'];

/** The coverages of a policy that can answer a claim, each with its loss types and amount. */
export function CoverageList({ coverages }: { coverages: ReportablePolicy['coverages'] }) {
  return (
    <Space size={[4, 4]} wrap>
      {coverages.map((c) => (
        <Tag key={c.code} style={{ marginInlineEnd: 0 }}>
          {c.name}
          {(c.limit ?? c.sumInsured) && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 4, fontSize: 12 }}>
              <Money value={c.limit ?? c.sumInsured} />
            </Typography.Text>
          )}{' '}
          {c.lossTypes.map((lt) => (
            <LossTypeTag key={lt} type={lt} />
          ))}
        </Tag>
      ))}
    </Space>
  );
}

/** One hit of the 报案 search: the policy, whether it covered the loss date, and 选择. */
function PolicyHit({ p, onPick }: { p: ReportablePolicy; onPick: () => void }) {
  const { t } = useI18n();
  const covered = p.inForceOnLossDate !== false;
  return (
    <List.Item
      data-testid={`reportable-${p.policyNo}`}
      actions={[
        <Button key="pick" type={covered ? 'primary' : 'default'} disabled={!covered} icon={<CheckCircleOutlined />} onClick={onPick}>
          {t('claim.report.pick')}
        </Button>,
      ]}
    >
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space size={8} wrap>
          <Typography.Text strong>
            <Mono>{p.policyNo}</Mono>
          </Typography.Text>
          <LineTag line={p.line} />
          <Typography.Text>{p.productName}</Typography.Text>
          {p.plateNo && <Tag>{p.plateNo}</Tag>}
          {p.inForceOnLossDate === true && <Tag color="success">{t('claim.report.inForce')}</Tag>}
        </Space>
        <Typography.Text type="secondary">
          {t('claim.holder')}：{p.holderName} · {t('claim.insured')}：{p.insuredName} · {t('claim.report.period')}：{p.startDate} ~ {p.endDate ?? t('claim.report.openEnded')}
        </Typography.Text>
        {!covered && <Alert type="error" showIcon title={t('claim.report.notInForce')} />}
        <CoverageList coverages={p.coverages} />
      </Space>
    </List.Item>
  );
}

interface SearchValues {
  q?: string;
  lossAt?: string;
}
type Search = { q: string; lossAt: string };

/** Step 1: find the policy by one search box (保单号/车牌号/证件号/姓名) and the loss time. */
function PolicySearch({ search, setSearch, onPick }: { search: Search; setSearch: (s: Search) => void; onPick: (p: ReportablePolicy) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<SearchValues>();
  const lossTimeRules = useLossTimeRules();
  const query = useReportablePolicies(search.q, lossDateOf(search.lossAt));
  const apply = (values: SearchValues) => setSearch({ q: values.q?.trim() ?? '', lossAt: values.lossAt?.trim() ?? '' });
  const hits = query.data ?? [];
  return (
    <Card size="small" title={t('claim.report.findPolicy')}>
      <Form<SearchValues> form={form} name="claimSearch" layout="inline" initialValues={search} onFinish={apply} style={{ rowGap: 8, marginBottom: 16 }}>
        <Form.Item name="lossAt" label={t('claim.lossAt')} rules={lossTimeRules}>
          <Input placeholder="YYYY-MM-DD HH:mm" maxLength={16} style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="q" label={t('claim.report.policySearch')} rules={[{ required: true, whitespace: true, message: t('claim.report.searchRequired') }]}>
          <Input placeholder={t('claim.report.searchPlaceholder')} maxLength={50} style={{ width: 320 }} autoFocus allowClear />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={query.isFetching}>
            {t('common.search')}
          </Button>
        </Form.Item>
      </Form>
      {search.q && !query.isFetching && hits.length === 0 && query.isSuccess && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('claim.report.noPolicy')} />}
      {hits.length > 0 && <List data-testid="reportable-policies" dataSource={hits} rowKey="policyId" renderItem={(p) => <PolicyHit p={p} onPick={() => onPick(p)} />} />}
    </Card>
  );
}

/** The form as typed: the loss time as text, liability and people as the shared parts take them. */
type ReportValues = Pick<ClaimReportInput, 'lossPlace' | 'lossCause' | 'description' | 'channel' | 'reporterName' | 'reporterPhone'> & {
  lossAt: string;
  reporterRelation?: string;
  atFault?: boolean;
  liabilityShare?: string;
  parties?: PartyValues[];
};

/** Step 2: the report of the loss on the picked policy → POST /claims → the claim's page. */
function ReportForm({ policy, lossAt, onBack }: { policy: ReportablePolicy; lossAt: string; onBack: () => void }) {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<ReportValues>();
  const report = useReportClaim();
  const lossTimeRules = useLossTimeRules();
  const motor = isMotorLine(policy.line);
  const required = (key: Parameters<typeof t>[0]) => [{ required: true, whitespace: true, message: t('common.required', { field: t(key) }) }];

  const submit = (v: ReportValues) =>
    report.mutate(
      {
        policyId: policy.policyId,
        lossAt: parseLossTime(v.lossAt) ?? v.lossAt,
        lossPlace: v.lossPlace.trim(),
        lossCause: v.lossCause,
        description: v.description.trim(),
        channel: v.channel,
        reporterName: v.reporterName.trim(),
        reporterPhone: v.reporterPhone.trim(),
        reporterRelation: v.reporterRelation?.trim() || null,
        atFault: motor ? (v.atFault ?? null) : null,
        liabilityShare: motor && v.atFault ? String(v.liabilityShare) : motor && v.atFault === false ? '0' : null,
        parties: partiesInput(v.parties),
      },
      {
        onSuccess: (claim) => {
          notifySuccess(t('claim.report.done', { no: claim.claimNo }));
          navigate(`/claims/${claim.id}`);
        },
        onError: (error) => {
          if (!showServerFieldError(form, error)) notifyError(error);
        },
      },
    );

  return (
    <Card
      size="small"
      title={t('claim.report.formTitle')}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
          {t('claim.report.repick')}
        </Button>
      }
    >
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 16 }}
        data-testid="picked-policy"
        items={[
          { key: 'no', label: t('claim.policyNo'), children: <Mono>{policy.policyNo}</Mono> },
          { key: 'product', label: t('claim.product'), children: <Space size={4}><LineTag line={policy.line} />{policy.productName}</Space> },
          { key: 'period', label: t('claim.report.period'), children: `${policy.startDate} ~ ${policy.endDate ?? t('claim.report.openEnded')}` },
          { key: 'holder', label: t('claim.holder'), children: policy.holderName },
          { key: 'insured', label: t('claim.insured'), children: policy.insuredName },
          { key: 'plate', label: t('claim.plateNo'), children: <Mono>{policy.plateNo}</Mono> },
          { key: 'coverages', label: t('claim.coverages'), span: 3, children: <CoverageList coverages={policy.coverages} /> },
        ]}
      />
      <Form<ReportValues>
        form={form}
        name="claimReport"
        layout="vertical"
        autoComplete="off"
        initialValues={{ lossAt, channel: 'PHONE', lossCause: motor ? 'COLLISION' : 'ACCIDENT', parties: [] }}
        onFinish={submit}
      >
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item label={t('claim.lossAt')} name="lossAt" rules={lossTimeRules} extra={t('claim.lossAtHint')}>
              <Input placeholder="YYYY-MM-DD HH:mm" maxLength={16} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item label={t('claim.lossPlace')} name="lossPlace" rules={required('claim.lossPlace')}>
              <Input maxLength={200} autoFocus />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item label={t('claim.lossCause')} name="lossCause" rules={required('claim.lossCause')}>
              <Select options={Object.entries(LOSS_CAUSES).map(([value, label]) => ({ value, label: pick(label) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item label={t('claim.channel')} name="channel" rules={required('claim.channel')}>
              <Select options={Object.entries(REPORT_CHANNELS).map(([value, label]) => ({ value, label: pick(label) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('claim.description')} name="description" rules={required('claim.description')}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('claim.descriptionPlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label={t('claim.reporterName')} name="reporterName" rules={required('claim.reporterName')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('claim.reporterPhone')}
              name="reporterPhone"
              rules={[
                ...required('claim.reporterPhone'),
                {
                  validator: async (_: unknown, value: string | undefined) => {
                    if (value?.trim() && !isValidPhone(value.trim())) throw new Error(t('claim.phoneInvalid'));
                  },
                },
              ]}
            >
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('claim.reporterRelation')} name="reporterRelation">
              <AutoComplete options={RELATIONS.map((r) => ({ value: r }))} maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
        {motor && <LiabilityFields />}
        <PartiesList />
        <Button type="primary" htmlType="submit" loading={report.isPending}>
          {t('claim.report.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** 报案登记 (/claims/new): find the policy in force on the loss date, then record the report. */
export default function ClaimReportPage() {
  const { t } = useI18n();
  const [picked, setPicked] = useState<ReportablePolicy | null>(null);
  // Kept here so 重新选择 comes back to the same search.
  const [search, setSearch] = useState<Search>(() => ({ q: '', lossAt: nowLossTime() }));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('nav.claimReport')}
      </Typography.Title>
      {picked ? (
        <ReportForm policy={picked} lossAt={search.lossAt} onBack={() => setPicked(null)} />
      ) : (
        <PolicySearch search={search} setSearch={setSearch} onPick={setPicked} />
      )}
    </Space>
  );
}
