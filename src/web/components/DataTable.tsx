import { useCallback, useState, type ThHTMLAttributes } from 'react';
import { Empty, Table, type TablePaginationConfig, type TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import type { Page } from '../../contracts/system';
import { useT } from '../app/i18n';

export type SortOrder = 'ascend' | 'descend';
export interface SortState {
  field: string;
  order: SortOrder;
}

/** Page number and size of a server-paged list. */
export function usePaging(initialPageSize = 20) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const reset = useCallback(() => setPage(1), []);
  return { page, pageSize, setPage, setPageSize, reset };
}
export type Paging = ReturnType<typeof usePaging>;

type BaseProps<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'locale' | 'rowKey'>;

export interface DataTableProps<T> extends BaseProps<T> {
  rows: T[] | undefined;
  loading: boolean;
  /** Shown by the empty state, e.g. 暂无用户. */
  emptyText: string;
  rowKey?: TableProps<T>['rowKey'];
}

/**
 * Header cell without the aria-label antd puts on sortable columns: the header text already names
 * the column, and the label made `getByLabel('用户名')` find the column as well as the form field.
 */
function HeaderCell({ 'aria-label': _label, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th {...props} />;
}
const tableComponents = { header: { cell: HeaderCell } };

/** antd Table with the house defaults: id row keys, compact size, a Chinese empty state. */
export function DataTable<T extends object>({ rows, loading, emptyText, rowKey = 'id', ...rest }: DataTableProps<T>) {
  return (
    <Table<T>
      size="middle"
      rowKey={rowKey}
      dataSource={rows}
      loading={loading}
      scroll={{ x: 'max-content' }}
      components={tableComponents}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      {...rest}
    />
  );
}

export interface PagedTableProps<T> extends Omit<BaseProps<T>, 'pagination' | 'onChange'> {
  /** The react-query result of a `Page<T>` request. */
  query: { data?: Page<T>; isFetching: boolean };
  paging: Paging;
  emptyText: string;
  rowKey?: TableProps<T>['rowKey'];
  /** Called when a sortable column header is clicked (undefined = sorting cleared). */
  onSortChange?: (sort: SortState | undefined) => void;
}

/** A DataTable bound to a server-paged (`Page<T>`) query: pagination and sorting go back to the server. */
export function PagedTable<T extends object>({ query, paging, onSortChange, emptyText, ...rest }: PagedTableProps<T>) {
  const t = useT();
  const pagination: TablePaginationConfig = {
    current: paging.page,
    pageSize: paging.pageSize,
    total: query.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    // The server counts exactly up to a cap; beyond it, "共 10000+ 条".
    showTotal: (total) => t('common.total', { total: query.data?.totalCapped ? `${total}+` : total }),
  };
  const onChange: TableProps<T>['onChange'] = (next, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const single = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<T> | undefined;
      const field = single?.columnKey ?? single?.field;
      onSortChange?.(single?.order && field !== undefined ? { field: String(field), order: single.order } : undefined);
      paging.reset();
      return;
    }
    if (next.pageSize && next.pageSize !== paging.pageSize) {
      paging.setPageSize(next.pageSize);
      paging.reset();
    } else if (next.current) {
      paging.setPage(next.current);
    }
  };
  return (
    <DataTable<T> rows={query.data?.items} loading={query.isFetching} emptyText={emptyText} pagination={pagination} onChange={onChange} {...rest} />
  );
}
