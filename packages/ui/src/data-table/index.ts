export { DataTable, type DataTableProps, type RowTone } from "./data-table.tsx";
export { TruncatedText, cellText } from "./cells.tsx";
export type { CellValue, DataColumn, DataTableSelection } from "./types.ts";
export { readTableUrlState, searchSort, writeTableUrlState, useTableUrlState, type SortDirection, type TableSort, type TableUrlState } from "./url-state.ts";
