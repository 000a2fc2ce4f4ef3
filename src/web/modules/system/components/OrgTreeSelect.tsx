import { useMemo } from 'react';
import { TreeSelect, type TreeSelectProps } from 'antd';
import type { Org } from '../../../../contracts/system';
import { buildOrgForest, type OrgNode } from '../orgTree';
import { useOrgs } from '../queries';
import { usePermission } from '../../../app/session';

interface OrgTreeSelectProps extends Omit<TreeSelectProps<string>, 'treeData'> {
  /** Orgs that cannot be picked (e.g. an org's own subtree when moving it). */
  disabledIds?: Set<string>;
}

interface OrgOption {
  value: string;
  title: string;
  label: string;
  disabled: boolean;
  children: OrgOption[];
}

function toOptions(nodes: OrgNode[], disabledIds?: Set<string>): OrgOption[] {
  return nodes.map(({ org, children }: { org: Org; children: OrgNode[] }) => ({
    value: org.id,
    title: `${org.name}（${org.code}）`,
    label: org.name,
    disabled: disabledIds?.has(org.id) ?? false,
    children: toOptions(children, disabledIds),
  }));
}

/** Picks an org from the caller's org tree (GET /orgs); searchable by name or code. */
export function OrgTreeSelect({ disabledIds, ...props }: OrgTreeSelectProps) {
  const can = usePermission();
  const { data: orgs, isFetching } = useOrgs(can('org:read'));
  const treeData = useMemo(() => toOptions(buildOrgForest(orgs ?? []), disabledIds), [orgs, disabledIds]);
  return (
    <TreeSelect<string>
      treeData={treeData}
      loading={isFetching}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      treeNodeLabelProp="label"
      allowClear
      popupMatchSelectWidth={false}
      {...props}
    />
  );
}
