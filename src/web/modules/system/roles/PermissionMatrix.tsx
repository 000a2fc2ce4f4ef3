import { useMemo } from 'react';
import { Checkbox, Table, Tooltip, type TableColumnsType } from 'antd';
import type { PermissionInfo } from '../../../../contracts/system';
import { isMessageKey, useT } from '../../../app/i18n';

interface ModuleRow {
  module: string;
  moduleName: string;
  /** action → permission */
  byAction: Map<string, PermissionInfo>;
}

function actionOf(code: string): string {
  return code.slice(code.indexOf(':') + 1);
}

/** Rows = modules, columns = actions, from the catalogue (GET /permissions) in its order. */
function layout(catalogue: PermissionInfo[]): { rows: ModuleRow[]; actions: string[] } {
  const rows = new Map<string, ModuleRow>();
  const actions: string[] = [];
  for (const permission of catalogue) {
    const action = actionOf(permission.code);
    if (!actions.includes(action)) actions.push(action);
    let row = rows.get(permission.module);
    if (!row) {
      row = { module: permission.module, moduleName: permission.moduleName, byAction: new Map() };
      rows.set(permission.module, row);
    }
    row.byAction.set(action, permission);
  }
  return { rows: [...rows.values()], actions };
}

export interface PermissionMatrixProps {
  catalogue: PermissionInfo[];
  value?: string[];
  onChange?: (value: string[]) => void;
  disabled?: boolean;
  loading?: boolean;
}

/** The permission matrix of a role: a form control whose value is the list of permission codes. */
export function PermissionMatrix({ catalogue, value = [], onChange, disabled = false, loading = false }: PermissionMatrixProps) {
  const t = useT();
  const { rows, actions } = useMemo(() => layout(catalogue), [catalogue]);
  const chosen = new Set(value);

  const set = (codes: string[], on: boolean) => {
    const next = new Set(chosen);
    for (const code of codes) (on ? next.add(code) : next.delete(code));
    // Keep the catalogue's order so the saved list is stable.
    onChange?.(catalogue.map((p) => p.code).filter((code) => next.has(code)));
  };

  const columns: TableColumnsType<ModuleRow> = [
    { title: t('role.module'), dataIndex: 'moduleName', key: 'module', width: 140, fixed: 'left' },
    {
      title: t('role.selectAll'),
      key: 'all',
      width: 70,
      align: 'center',
      render: (_, row) => {
        const codes = [...row.byAction.values()].map((p) => p.code);
        const count = codes.filter((code) => chosen.has(code)).length;
        return (
          <Checkbox
            aria-label={`${row.moduleName} ${t('role.selectAll')}`}
            checked={count === codes.length}
            indeterminate={count > 0 && count < codes.length}
            disabled={disabled}
            onChange={(event) => set(codes, event.target.checked)}
          />
        );
      },
    },
    ...actions.map((action) => {
      const key = `role.action.${action}`;
      return {
        title: isMessageKey(key) ? t(key) : action,
        key: action,
        align: 'center' as const,
        render: (_: unknown, row: ModuleRow) => {
          const permission = row.byAction.get(action);
          if (!permission) return null;
          return (
            <Tooltip title={`${permission.name}（${permission.code}）`}>
              <Checkbox
                aria-label={permission.name}
                data-permission={permission.code}
                checked={chosen.has(permission.code)}
                disabled={disabled}
                onChange={(event) => set([permission.code], event.target.checked)}
              />
            </Tooltip>
          );
        },
      };
    }),
  ];

  return (
    <Table<ModuleRow>
      size="small"
      bordered
      rowKey="module"
      loading={loading}
      pagination={false}
      columns={columns}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      data-testid="permission-matrix"
    />
  );
}
