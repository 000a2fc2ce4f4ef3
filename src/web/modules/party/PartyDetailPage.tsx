import type { ReactNode } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, AuditOutlined, EditOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router-dom';
import {
  ADDRESS_TYPES,
  ORGANIZATION_TYPES,
  PERSON_ID_TYPES,
  SEXES,
  type Address,
  type BankAccount,
  type OrganizationDetail,
  type PartyDetail,
  type PersonDetail,
} from '../../../contracts/party';
import { isApiError } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useI18n, useT } from '../../app/i18n';
import { usePermission } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { ErrorResult, NotFoundResult, PageLoading } from '../../components/results';
import { NATIONALITIES, type Nationality } from './labels';
import { usePartyDetail } from './queries';
import { RelationshipsCard } from './RelationshipsCard';
import { PartyPoliciesCard } from '../policy/PartyPoliciesCard';
import { RevealValue } from './RevealValue';

function orDash(value: string | number | null | undefined): ReactNode {
  return value === null || value === undefined || value === '' ? '—' : value;
}

function PersonIdentity({ party, canReveal }: { party: PersonDetail; canReveal: boolean }) {
  const { t, pick } = useI18n();
  const nationality = (NATIONALITIES as readonly string[]).includes(party.nationality)
    ? `${t(`party.country.${party.nationality as Nationality}`)}（${party.nationality}）`
    : party.nationality;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'name', label: t('party.name'), children: party.name },
        { key: 'idType', label: t('party.idType'), children: pick(PERSON_ID_TYPES[party.idType]) },
        {
          key: 'idNumber',
          label: t('party.idNumber'),
          children: <RevealValue partyId={party.id} field="idNumber" masked={party.idNumberMasked} canReveal={canReveal} testId="party-id-number" />,
        },
        { key: 'sex', label: t('party.sex'), children: pick(SEXES[party.sex]) },
        { key: 'birthDate', label: t('party.birthDate'), children: party.birthDate },
        { key: 'nationality', label: t('party.nationality'), children: nationality },
        {
          key: 'occupation',
          label: t('party.occupation'),
          children: party.occupationName || party.occupationCode || party.occupationClass
            ? [party.occupationName, party.occupationCode, party.occupationClass ? t('party.occupationClassN', { n: party.occupationClass }) : null].filter(Boolean).join(' · ')
            : '—',
        },
      ]}
    />
  );
}

function OrganizationIdentity({ party }: { party: OrganizationDetail }) {
  const { t, pick } = useI18n();
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'name', label: t('party.orgName'), children: party.name },
        { key: 'uscc', label: t('party.uscc'), children: <span style={{ fontFamily: 'monospace' }}>{party.uscc}</span> },
        { key: 'orgType', label: t('party.orgType'), children: pick(ORGANIZATION_TYPES[party.orgType]) },
        { key: 'industry', label: t('party.industry'), children: orDash(party.industry) },
        { key: 'legal', label: t('party.legalRepresentative'), children: orDash(party.legalRepresentative) },
      ]}
    />
  );
}

function Contacts({ party, canReveal }: { party: PartyDetail; canReveal: boolean }) {
  const t = useT();
  const items =
    party.kind === 'PERSON'
      ? [
          {
            key: 'mobile',
            label: t('party.mobile'),
            children: <RevealValue partyId={party.id} field="mobile" masked={party.mobileMasked} canReveal={canReveal} testId="party-mobile" />,
          },
          { key: 'email', label: t('party.email'), children: orDash(party.email) },
        ]
      : [
          { key: 'contactName', label: t('party.contactName'), children: orDash(party.contactName) },
          {
            key: 'contactPhone',
            label: t('party.contactPhone'),
            children: <RevealValue partyId={party.id} field="contactPhone" masked={party.contactPhoneMasked} canReveal={canReveal} testId="party-contact-phone" />,
          },
          { key: 'email', label: t('party.email'), children: orDash(party.email) },
        ];
  return <Descriptions size="small" column={1} items={items} />;
}

function Addresses({ addresses }: { addresses: Address[] }) {
  const { t, pick } = useI18n();
  const columns: TableColumnsType<Address & { key: number }> = [
    { title: t('party.addressType'), dataIndex: 'type', key: 'type', width: 110, render: (type: Address['type']) => pick(ADDRESS_TYPES[type]) },
    { title: t('party.addressDetail'), dataIndex: 'detail', key: 'detail' },
    { title: t('party.postcode'), dataIndex: 'postcode', key: 'postcode', width: 90, render: orDash },
  ];
  return (
    <DataTable
      rows={addresses.map((a, key) => ({ ...a, key }))}
      rowKey="key"
      loading={false}
      columns={columns}
      emptyText={t('party.noAddresses')}
      pagination={false}
      size="small"
    />
  );
}

function BankAccounts({ partyId, accounts, canReveal }: { partyId: string; accounts: BankAccount[]; canReveal: boolean }) {
  const t = useT();
  const columns: TableColumnsType<BankAccount & { key: number }> = [
    { title: t('party.bankName'), dataIndex: 'bankName', key: 'bankName' },
    { title: t('party.accountName'), dataIndex: 'accountName', key: 'accountName' },
    {
      title: t('party.accountNumber'),
      key: 'accountNumber',
      render: (_, account) => (
        <RevealValue partyId={partyId} field="bankAccount" index={account.key} masked={account.accountNumberMasked} canReveal={canReveal} testId={`party-bank-${account.key}`} />
      ),
    },
  ];
  return (
    <DataTable
      rows={accounts.map((a, key) => ({ ...a, key }))}
      rowKey="key"
      loading={false}
      columns={columns}
      emptyText={t('party.noBankAccounts')}
      pagination={false}
      size="small"
    />
  );
}

/** A card that a later module fills (理赔, 社保缴费, 档案); for now it says so. */
function ComingCard({ title, text, testId }: { title: string; text: string; testId: string }) {
  return (
    <Card size="small" title={title} data-testid={testId} style={{ height: '100%' }}>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />
    </Card>
  );
}

/** 客户 360 (/parties/:id): identity, contacts, addresses, bank accounts, relationships, and the cards later modules fill. */
export default function PartyDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const can = usePermission();
  const navigate = useNavigate();
  const query = usePartyDetail(id);
  if (query.isPending) return <PageLoading />;
  if (query.isError) {
    return isApiError(query.error) && (query.error.status === 404 || query.error.status === 400) ? <NotFoundResult /> : <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  }
  const party = query.data;
  const canReveal = can('pii:reveal');
  const canWrite = can('party:write');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="party-360">
      <Card
        size="small"
        title={
          <Space size={8} wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="party-name">
              {party.name}
            </Typography.Title>
            <Tag color={party.kind === 'PERSON' ? 'blue' : 'purple'}>{t(`party.kind.${party.kind}`)}</Tag>
            <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }} data-testid="party-no">
              {party.partyNo}
            </Typography.Text>
          </Space>
        }
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/parties')}>
              {t('party.backToList')}
            </Button>
            {canWrite && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/parties/${party.id}/edit`)}>
                {t('common.edit')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'org', label: t('party.org'), children: party.orgName },
            { key: 'created', label: t('common.createdAt'), children: formatDateTime(party.createdAt) },
            { key: 'updated', label: t('party.updatedAt'), children: formatDateTime(party.updatedAt) },
          ]}
        />
        {canReveal && (
          <Alert type="info" showIcon icon={<AuditOutlined />} title={t('party.revealNotice')} style={{ marginTop: 8 }} data-testid="reveal-notice" />
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('party.identity')} style={{ height: '100%' }} data-testid="party-identity">
            {party.kind === 'PERSON' ? <PersonIdentity party={party} canReveal={canReveal} /> : <OrganizationIdentity party={party} />}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('party.contacts')} style={{ height: '100%' }}>
            <Contacts party={party} canReveal={canReveal} />
            {party.remark && (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                {t('party.remark')}：{party.remark}
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('party.addresses')} style={{ height: '100%' }}>
            <Addresses addresses={party.addresses} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('party.bankAccounts')} style={{ height: '100%' }}>
            <BankAccounts partyId={party.id} accounts={party.bankAccounts} canReveal={canReveal} />
          </Card>
        </Col>
      </Row>

      <RelationshipsCard partyId={party.id} canWrite={canWrite} />

      <Row gutter={[16, 16]}>
        <Col span={24}>
          <PartyPoliciesCard partyId={party.id} />
        </Col>
        <Col xs={24} md={8}>
          <ComingCard title={t('party.card.claims')} text={t('party.card.claimsEmpty')} testId="party-card-claims" />
        </Col>
        <Col xs={24} md={8}>
          <ComingCard title={t('party.card.contributions')} text={t('party.card.contributionsEmpty')} testId="party-card-contributions" />
        </Col>
        <Col xs={24} md={8}>
          <ComingCard title={t('party.card.archives')} text={t('party.card.archivesEmpty')} testId="party-card-archives" />
        </Col>
      </Row>
    </Space>
  );
}
