import { Checkbox, Group, Pagination, Skeleton, Table, Text, UnstyledButton, VisuallyHidden } from "@mantine/core";
import {
  createPaginatedRowModel,
  createSortedRowModel,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowData,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import { Fragment, useMemo, type ReactNode } from "react";
import { LoadError } from "../query-view.tsx";
import { cellText, compareValues, TruncatedText } from "./cells.tsx";
import type { CellValue, DataColumn, DataTableSelection } from "./types.ts";
import { useTableUrlState, type TableSort } from "./url-state.ts";
import { tableRows, type TableRows } from "./table-rows.ts";

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  rowPaginationFeature,
  paginatedRowModel: createPaginatedRowModel(),
  rowSelectionFeature,
});
type Features = typeof features;

const NO_ROWS: never[] = [];
/** The default row identity: `RowIdentity` lets only rows with a string `id` omit `getRowId`. */
const idOf = (row: unknown): string => (row as { id: string }).id;
const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;
const apply = <S,>(updater: Updater<S>, old: S): S => (typeof updater === "function" ? (updater as (old: S) => S)(old) : updater);

/** How a row stands out from the others. */
export type RowTone = "danger" | "warning";
const TONE_BG: Record<RowTone, string> = { danger: "var(--mantine-color-red-light)", warning: "var(--mantine-color-yellow-light)" };

/**
 * How a row is known (its selection, its React key): rows with a string `id` are known by it
 * unless `getRowId` says otherwise; rows without one must say.
 */
type RowIdentity<T> = T extends { id: string } ? { getRowId?(row: T): string } : { getRowId(row: T): string };

export type DataTableProps<T extends RowData> = RowIdentity<T> & TableRows<T> & {
  /** The table's accessible name ("Members"); also names its loading and error states. */
  label: string;
  columns: readonly DataColumn<T>[];
  loading?: boolean;
  /** What an empty table says ("No identities yet."). */
  empty?: ReactNode;
  /**
   * Key of this table's sort and page in the URL (`<urlKey>.sort`, `<urlKey>.page`), for tables
   * that sort and page themselves. Tables sorted by the server pass `sort` instead.
   */
  urlKey?: string;
  /** Sorting done by the server: the current sort and how to change it (the page keeps it in its URL). */
  sort?: { value: TableSort | null; onChange(next: TableSort | null): void };
  /** Page the rows client-side, this many to a page (sort and page in the URL). */
  pageSize?: number;
  /** The menu or buttons at the end of each row. */
  rowActions?(row: T): ReactNode;
  /** A row's accessible name, for rows read as one thing ("POST /Users 409"). */
  rowLabel?(row: T): string;
  /** Tints a row that needs attention: a failure (`danger`) or a change (`warning`). */
  rowTone?(row: T): RowTone | undefined;
  /** Opens a row (its details drawer); keep a keyboard-reachable control in the row too. */
  onRowClick?(row: T): void;
  /** Detail shown under a row across the whole table (an opened row's attempts); null when closed. */
  expanded?(row: T): ReactNode;
  /** Width of the actions column in pixels (default 64: one menu button). */
  actionsWidth?: number;
  /** Checkboxes for bulk actions; `rowLabel` names a row for its checkbox ("Select Ada Lovelace"). */
  selection?: DataTableSelection & { rowLabel(row: T): string };
  /** Distance from the top of the viewport at which the header sticks (the app header's height). */
  stickyOffset?: number;
};

/**
 * The one table of both consoles, built on @tanstack/react-table and drawn with Mantine.
 * Layout is fixed (`table-layout: fixed`, 100% wide): a long value clips with an ellipsis and its
 * full text on hover, and never widens the page. The header sticks while the page scrolls.
 * Sort (and page, when `pageSize` is set) live in the URL; loading, error (with retry) and empty
 * states render inside the table so the page does not jump when data arrives.
 */
export function DataTable<T extends RowData>(props: DataTableProps<T>) {
  const { label, columns, selection, rowActions, pageSize, sort } = props;
  const { data, error, onRetry } = tableRows(props);
  const getRowId: (row: T) => string = (props.getRowId as ((row: T) => string) | undefined) ?? idOf;
  const columnIds = useMemo(() => columns.map((c) => c.id), [columns]);
  const [urlState, setUrlState] = useTableUrlState(props.urlKey ?? "", columnIds);
  const sorting: SortingState = sort ? (sort.value ? [sort.value] : []) : urlState.sort ? [urlState.sort] : [];

  const defs = useMemo(
    () =>
      columns.map(
        (c): ColumnDef<Features, T> => ({
          id: c.id,
          header: c.header,
          accessorFn: (row: T) => (c.value ? (c.value(row) ?? undefined) : undefined) as never,
          enableSorting: c.sortable === true,
          sortUndefined: "last",
          sortFn: (a, b, id) => compareValues(a.getValue(id) as CellValue, b.getValue(id) as CellValue),
        }),
      ),
    [columns],
  );
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);
  const rowSelection: RowSelectionState = useMemo(
    () => Object.fromEntries([...(selection?.selected ?? [])].map((id) => [id, true])),
    [selection?.selected],
  );

  const table = useTable({
    features,
    columns: defs,
    data: (data ?? NO_ROWS) as T[],
    getRowId: (row: T) => getRowId(row),
    manualSorting: sort !== undefined,
    manualPagination: pageSize === undefined,
    autoResetPageIndex: false,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    enableRowSelection: selection !== undefined,
    state: {
      sorting,
      pagination: { pageIndex: urlState.page - 1, pageSize: pageSize ?? Number.MAX_SAFE_INTEGER },
      rowSelection,
    },
    onSortingChange: (updater) => {
      const next = apply(updater, sorting)[0] ?? null;
      if (sort) sort.onChange(next);
      else setUrlState({ sort: next, page: 1 });
    },
    onPaginationChange: (updater) => {
      const next = apply(updater, { pageIndex: urlState.page - 1, pageSize: pageSize ?? 0 });
      setUrlState({ sort: urlState.sort, page: next.pageIndex + 1 });
    },
    onRowSelectionChange: (updater) => {
      const next = apply(updater, rowSelection);
      selection?.onChange(new Set(Object.keys(next).filter((id) => next[id])));
    },
  });

  const span = columns.length + (selection ? 1 : 0) + (rowActions ? 1 : 0);
  const rows = table.getRowModel().rows;
  const pages = pageSize ? table.getPageCount() : 1;
  const state = error
    ? "error"
    : props.loading || data === undefined
      ? "loading"
      : rows.length === 0
        ? "empty"
        : "rows";

  return (
    <div>
      <Table
        aria-label={label}
        aria-busy={state === "loading"}
        striped
        highlightOnHover
        verticalSpacing="sm"
        stickyHeader
        stickyHeaderOffset={props.stickyOffset ?? 0}
        layout="fixed"
        w="100%"
      >
        <Table.Thead>
          <Table.Tr>
            {selection && (
              <Table.Th w={44}>
                <Checkbox
                  aria-label={`Select all ${label.toLowerCase()} on this page`}
                  checked={table.getIsAllPageRowsSelected()}
                  indeterminate={table.getIsSomePageRowsSelected()}
                  onChange={table.getToggleAllPageRowsSelectedHandler()}
                  disabled={rows.length === 0}
                />
              </Table.Th>
            )}
            {table.getHeaderGroups()[0]?.headers.map((header) => {
              const column = byId.get(header.column.id)!;
              const sorted = header.column.getIsSorted();
              return (
                <Table.Th
                  key={header.id}
                  w={column.width}
                  ta={column.align}
                  aria-sort={header.column.getCanSort() ? (sorted ? ARIA_SORT[sorted] : "none") : undefined}
                >
                  {header.column.getCanSort() ? (
                    <UnstyledButton fw={600} fz="sm" onClick={header.column.getToggleSortingHandler()} maw="100%">
                      <Text span inherit truncate="end">
                        {column.header} {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                      </Text>
                    </UnstyledButton>
                  ) : (
                    <Text span fw={600} fz="sm" truncate="end" display="block" title={column.header}>
                      {column.header}
                    </Text>
                  )}
                </Table.Th>
              );
            })}
            {rowActions && (
              <Table.Th w={props.actionsWidth ?? 64}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {state === "loading" &&
            [0, 1, 2].map((i) => (
              <Table.Tr key={i}>
                <Table.Td colSpan={span}>
                  <Skeleton height={18} radius="sm" aria-label={i === 0 ? `Loading ${label.toLowerCase()}` : undefined} />
                </Table.Td>
              </Table.Tr>
            ))}
          {state === "error" && (
            <Table.Tr>
              <Table.Td colSpan={span}>
                <LoadError title={`Could not load ${label.toLowerCase()}`} error={error} onRetry={onRetry} />
              </Table.Td>
            </Table.Tr>
          )}
          {state === "empty" && (
            <Table.Tr>
              <Table.Td colSpan={span}>
                <Text c="dimmed" ta="center" py="lg" size="sm">{props.empty ?? "Nothing here yet."}</Text>
              </Table.Td>
            </Table.Tr>
          )}
          {state === "rows" &&
            rows.map((row) => {
              const detail = props.expanded?.(row.original);
              const tone = props.rowTone?.(row.original);
              return (
                <Fragment key={row.id}>
                  <Table.Tr
                    bg={row.getIsSelected() ? "var(--mantine-primary-color-light)" : tone ? TONE_BG[tone] : undefined}
                    aria-label={props.rowLabel?.(row.original)}
                    data-tone={tone}
                    onClick={props.onRowClick ? () => props.onRowClick!(row.original) : undefined}
                    style={props.onRowClick ? { cursor: "pointer" } : undefined}
                  >
                    {selection && (
                      <Table.Td>
                        <Checkbox aria-label={selection.rowLabel(row.original)} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
                      </Table.Td>
                    )}
                    {row.getAllCells().map((cell) => {
                      const column = byId.get(cell.column.id)!;
                      return (
                        <Table.Td key={cell.id} ta={column.align} style={{ overflow: "hidden" }}>
                          {column.cell ? column.cell(row.original) : <TruncatedText text={cellText(column.value?.(row.original))} />}
                        </Table.Td>
                      );
                    })}
                    {rowActions && <Table.Td>{rowActions(row.original)}</Table.Td>}
                  </Table.Tr>
                  {detail != null && detail !== false && (
                    <Table.Tr>
                      <Table.Td colSpan={span}>{detail}</Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
        </Table.Tbody>
      </Table>
      {pageSize !== undefined && pages > 1 && (
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            Page {table.state.pagination.pageIndex + 1} of {pages}
          </Text>
          <Pagination
            total={pages}
            value={Math.min(urlState.page, pages)}
            onChange={(next) => table.setPageIndex(next - 1)}
            getControlProps={(control) => ({ "aria-label": `${control} page` })}
            getItemProps={(n) => ({ "aria-label": `Page ${n}` })}
          />
        </Group>
      )}
    </div>
  );
}
