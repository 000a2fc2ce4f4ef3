import { useEffect, useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { RELATIONSHIP_TYPES, type PartyRelationship, type RelationshipType } from '../../../contracts/party';
import { useI18n, useT } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { DataTable } from '../../components/DataTable';
import { FormModal, showServerFieldError } from '../../components/FormModal';
import { useAddRelationship, useEndRelationship, usePartySearch, useRelationships } from './queries';

type Side = 'FROM' | 'TO';
type Label = { zh: string; en: string };

/**
 * What the other party is to this one. RELATIONSHIP_TYPES reads "A is <label> of B"; when this
 * party is A (direction FROM) the other is B, i.e. the inverse label, and the other way round.
 */
function otherRoleOf(type: RelationshipType, direction: Side): Label {
  const entry = RELATIONSHIP_TYPES[type];
  return direction === 'FROM' ? entry.inverse : entry;
}
function thisRoleOf(type: RelationshipType, direction: Side): Label {
  const entry = RELATIONSHIP_TYPES[type];
  return direction === 'FROM' ? entry : entry.inverse;
}

/** Shanghai calendar date of now. */
function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function isEnded(rel: PartyRelationship): boolean {
  return rel.endDate !== null && rel.endDate <= todayInShanghai();
}

/** Picks a customer by name (or pinyin initials), ID number or mobile — GET /parties?q=. */
export function PartySearchSelect({ excludeId, value, onChange, id }: { excludeId: string; value?: string; onChange?: (value: string) => void; id?: string }) {
  const t = useT();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const search = usePartySearch(debounced);
  const options = (search.data ?? [])
    .filter((party) => party.id !== excludeId)
    .map((party) => ({
      value: party.id,
      label: `${party.name}（${party.partyNo}）`,
      title: `${party.name} ${party.partyNo} ${party.idNumberMasked}`,
      detail: party,
    }));
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setText }}
      placeholder={t('party.searchPlaceholder')}
      loading={search.isFetching}
      notFoundContent={debounced ? t('party.noMatch') : t('party.typeToSearch')}
      options={options}
      optionRender={(option) => (
        <Space size={6}>
          <span>{option.data.detail.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {option.data.detail.partyNo} · {option.data.detail.idNumberMasked}
          </Typography.Text>
        </Space>
      )}
    />
  );
}

interface AddValues {
  relation: `${RelationshipType}:${Side}`;
  otherPartyId: string;
  startDate?: Dayjs | null;
  remark?: string;
}

function AddRelationshipModal({ partyId, open, onClose }: { partyId: string; open: boolean; onClose: () => void }) {
  const { t, pick } = useI18n();
  const add = useAddRelationship();
  const options = (Object.keys(RELATIONSHIP_TYPES) as RelationshipType[]).flatMap((type) => {
    const sides: Side[] = type === 'SPOUSE' ? ['FROM'] : ['FROM', 'TO'];
    return sides.map((side) => ({ value: `${type}:${side}`, label: t('party.relOtherIs', { role: pick(otherRoleOf(type, side)) }) }));
  });
  return (
    <FormModal<AddValues>
      open={open}
      name="addRelationship"
      title={t('party.addRelationship')}
      confirmLoading={add.isPending}
      onCancel={onClose}
      onSubmit={(values, form) => {
        const [type, side] = values.relation.split(':') as [RelationshipType, Side];
        // The API stores "from is <type> of to": this party is `from` unless the clerk picked the inverse.
        const [fromPartyId, toPartyId] = side === 'FROM' ? [partyId, values.otherPartyId] : [values.otherPartyId, partyId];
        add.mutate(
          { fromPartyId, toPartyId, type, startDate: values.startDate?.format('YYYY-MM-DD') ?? null, remark: values.remark?.trim() || null },
          {
            onSuccess: () => {
              notifySuccess(t('party.relationshipAdded'));
              onClose();
            },
            onError: (error) => showServerFieldError(form, error),
          },
        );
      }}
    >
      <Form.Item label={t('party.relatedParty')} name="otherPartyId" rules={[{ required: true, message: t('common.required', { field: t('party.relatedParty') }) }]}>
        <PartySearchSelect excludeId={partyId} />
      </Form.Item>
      <Form.Item label={t('party.relationship')} name="relation" rules={[{ required: true, message: t('common.required', { field: t('party.relationship') }) }]}>
        <Select options={options} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item label={t('party.startDate')} name="startDate">
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label={t('party.remark')} name="remark">
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

function EndRelationshipModal({ partyId, rel, onClose }: { partyId: string; rel: PartyRelationship | null; onClose: () => void }) {
  const { t, pick } = useI18n();
  const end = useEndRelationship();
  return (
    <FormModal<{ endDate: Dayjs }>
      open={rel !== null}
      name="endRelationship"
      title={t('party.endRelationshipTitle')}
      okText={t('party.confirmEnd')}
      confirmLoading={end.isPending}
      onCancel={onClose}
      onSubmit={(values, form) =>
        rel &&
        end.mutate(
          { partyId, otherPartyId: rel.otherParty.id, relId: rel.id, endDate: values.endDate.format('YYYY-MM-DD') },
          {
            onSuccess: () => {
              notifySuccess(t('party.relationshipEnded'));
              onClose();
            },
            onError: (error) => showServerFieldError(form, error),
          },
        )
      }
    >
      {rel && (
        <Typography.Paragraph>
          {t('party.endRelationshipConfirm', { name: rel.otherParty.name, role: pick(otherRoleOf(rel.type, rel.direction)) })}
        </Typography.Paragraph>
      )}
      <Form.Item label={t('party.endDate')} name="endDate" rules={[{ required: true, message: t('common.required', { field: t('party.endDate') }) }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

/** 关系: both directions, labelled from this customer's side; add and end (with confirmation). */
export function RelationshipsCard({ partyId, canWrite }: { partyId: string; canWrite: boolean }) {
  const { t, pick } = useI18n();
  const query = useRelationships(partyId);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<PartyRelationship | null>(null);
  const columns: TableColumnsType<PartyRelationship> = [
    {
      title: t('party.relatedParty'),
      key: 'other',
      render: (_, rel) => (
        <Space size={6}>
          <Link to={`/parties/${rel.otherParty.id}`}>{rel.otherParty.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {rel.otherParty.partyNo}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('party.relationship'),
      key: 'type',
      render: (_, rel) => (
        <Space size={6}>
          <Tag color="geekblue">{pick(otherRoleOf(rel.type, rel.direction))}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('party.relThisIs', { role: pick(thisRoleOf(rel.type, rel.direction)) })}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('party.startDate'), dataIndex: 'startDate', key: 'startDate', render: (v: string | null) => v ?? '—' },
    { title: t('party.endDate'), dataIndex: 'endDate', key: 'endDate', render: (v: string | null) => v ?? '—' },
    {
      title: t('party.relStatus'),
      key: 'status',
      render: (_, rel) => (isEnded(rel) ? <Tag>{t('party.relEnded')}</Tag> : <Tag color="success">{t('party.relActive')}</Tag>),
    },
    { title: t('party.remark'), dataIndex: 'remark', key: 'remark', render: (v: string | null) => v ?? '' },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, rel) =>
        rel.endDate === null && (
          <Button type="link" size="small" danger onClick={() => setEnding(rel)}>
            {t('party.endRelationship')}
          </Button>
        ),
    });
  }
  return (
    <Card
      size="small"
      title={t('party.relationships')}
      data-testid="party-relationships"
      extra={
        canWrite && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('party.addRelationship')}
          </Button>
        )
      }
    >
      <DataTable<PartyRelationship> rows={query.data} loading={query.isFetching} columns={columns} emptyText={t('party.noRelationships')} pagination={false} />
      <AddRelationshipModal partyId={partyId} open={adding} onClose={() => setAdding(false)} />
      <EndRelationshipModal partyId={partyId} rel={ending} onClose={() => setEnding(null)} />
    </Card>
  );
}
