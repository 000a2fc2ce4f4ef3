import { useMemo, useState, type Key } from 'react';
import { Button, Card, Col, Descriptions, Empty, Input, Row, Space, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { DragOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Org } from '../../../../contracts/system';
import { useT } from '../../../app/i18n';
import { usePermission } from '../../../app/session';
import { PageLoading } from '../../../components/results';
import { useOrgTypeLabel } from '../components/OrgTypeSelect';
import { ancestorIds, buildOrgForest, type OrgNode } from '../orgTree';
import { useOrgs } from '../queries';
import { CreateOrgModal, EditOrgModal, MoveOrgModal } from './OrgForms';

function toTreeData(nodes: OrgNode[], closedLabel: string): TreeDataNode[] {
  return nodes.map(({ org, children }) => ({
    key: org.id,
    title: (
      <span>
        {org.name}
        <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
          {org.code}
        </Typography.Text>
        {org.status === 'CLOSED' && (
          <Tag style={{ marginLeft: 6 }} color="default">
            {closedLabel}
          </Tag>
        )}
      </span>
    ),
    children: toTreeData(children, closedLabel),
  }));
}

/** The orgs matching `term` by name or code, plus their ancestors (so the tree still connects). */
function filterOrgs(orgs: Org[], term: string): Org[] {
  const needle = term.trim().toLowerCase();
  if (!needle) return orgs;
  const keep = new Set<string>();
  for (const org of orgs) {
    if (org.name.toLowerCase().includes(needle) || org.code.toLowerCase().includes(needle)) {
      keep.add(org.id);
      for (const id of ancestorIds(orgs, org.id)) keep.add(id);
    }
  }
  return orgs.filter((org) => keep.has(org.id));
}

function OrgDetail({ org, parent, canWrite, onCreate, onEdit, onMove }: {
  org: Org;
  parent: Org | undefined;
  canWrite: boolean;
  onCreate: () => void;
  onEdit: () => void;
  onMove: () => void;
}) {
  const t = useT();
  const typeLabel = useOrgTypeLabel();
  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { width: 140 } }}
        items={[
          { key: 'name', label: t('org.name'), children: org.name },
          { key: 'code', label: t('org.code'), children: org.code },
          { key: 'type', label: t('org.type'), children: typeLabel(org.type) },
          { key: 'parent', label: t('org.parent'), children: parent ? `${parent.name}（${parent.code}）` : org.parentId ? '—' : t('org.root') },
          { key: 'depth', label: t('org.depth'), children: org.depth },
          {
            key: 'status',
            label: t('org.status'),
            children: <Tag color={org.status === 'ACTIVE' ? 'success' : 'default'}>{t(`org.status.${org.status}`)}</Tag>,
          },
        ]}
      />
      {canWrite && (
        <Space style={{ marginTop: 16 }} wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={onCreate}>
            {t('org.createChild')}
          </Button>
          <Button icon={<EditOutlined />} onClick={onEdit}>
            {t('common.edit')}
          </Button>
          <Button icon={<DragOutlined />} onClick={onMove} disabled={!org.parentId}>
            {t('org.move')}
          </Button>
        </Space>
      )}
    </>
  );
}

type Dialog = { kind: 'create' | 'edit' | 'move'; org: Org } | null;

/** 机构管理: the org tree (from the flat list), a detail panel, create / edit / move. */
export default function OrgsPage() {
  const t = useT();
  const can = usePermission();
  const { data: orgs, isPending } = useOrgs();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<Key[] | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);

  const all = orgs ?? [];
  const visible = useMemo(() => filterOrgs(all, search), [all, search]);
  const treeData = useMemo(() => toTreeData(buildOrgForest(visible), t('org.status.CLOSED')), [visible, t]);
  const minDepth = all.length ? Math.min(...all.map((org) => org.depth)) : 0;
  // Default: the top two levels open; while searching everything that matched is open.
  const expandedKeys = search.trim()
    ? visible.map((org) => org.id)
    : (expanded ?? all.filter((org) => org.depth < minDepth + 2).map((org) => org.id));

  const selected = all.find((org) => org.id === selectedId) ?? all[0];
  const parent = selected?.parentId ? all.find((org) => org.id === selected.parentId) : undefined;

  if (isPending) return <PageLoading />;

  return (
    <Row gutter={16}>
      <Col xs={24} md={10} xl={8}>
        <Card title={t('org.tree')} size="small">
          {all.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.empty')} />
          ) : (
            <>
              <Input.Search
                placeholder={t('org.searchPlaceholder')}
                aria-label={t('org.searchPlaceholder')}
                allowClear
                onChange={(event) => setSearch(event.target.value)}
                style={{ marginBottom: 8 }}
              />
              <Tree
                blockNode
                showLine
                treeData={treeData}
                selectedKeys={selected ? [selected.id] : []}
                expandedKeys={expandedKeys}
                onExpand={(keys) => setExpanded(keys)}
                onSelect={(keys) => keys.length && setSelectedId(String(keys[0]))}
                style={{ maxHeight: 'calc(100vh - 260px)', overflow: 'auto' }}
                data-testid="org-tree"
              />
            </>
          )}
        </Card>
      </Col>
      <Col xs={24} md={14} xl={16}>
        <Card title={t('org.detail')} size="small">
          {selected ? (
            <OrgDetail
              org={selected}
              parent={parent}
              canWrite={can('org:write')}
              onCreate={() => setDialog({ kind: 'create', org: selected })}
              onEdit={() => setDialog({ kind: 'edit', org: selected })}
              onMove={() => setDialog({ kind: 'move', org: selected })}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.selectHint')} />
          )}
        </Card>
      </Col>
      <CreateOrgModal
        parent={dialog?.kind === 'create' ? dialog.org : null}
        onClose={() => setDialog(null)}
        onCreated={(org) => {
          setDialog(null);
          setSelectedId(org.id);
          if (org.parentId) setExpanded([...expandedKeys, org.parentId]);
        }}
      />
      <EditOrgModal org={dialog?.kind === 'edit' ? dialog.org : null} onClose={() => setDialog(null)} />
      <MoveOrgModal org={dialog?.kind === 'move' ? dialog.org : null} orgs={all} onClose={() => setDialog(null)} />
    </Row>
  );
}
