export { DataTable, type DataTableProps, type RowTone } from "./data-table.tsx";
export { TruncatedText, cellText } from "./cells.tsx";
export type { CellValue, DataColumn, DataTableSelection } from "./types.ts";
export { readTableUrlState, writeTableUrlState, useTableUrlState, type TableSort, type TableUrlState } from "./url-state.ts";
