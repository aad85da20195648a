import { Table, UnstyledButton } from "@mantine/core";
import type { TMemberSort } from "./search.ts";

/** A column header that sorts the table; announces its order to assistive technology. */
export function SortHeader({
  column,
  label,
  sort,
  dir,
  onSort,
}: {
  column: TMemberSort;
  label: string;
  sort: TMemberSort;
  dir: "asc" | "desc";
  onSort(column: TMemberSort, dir: "asc" | "desc"): void;
}) {
  const active = sort === column;
  return (
    <Table.Th aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}>
      <UnstyledButton fw={600} fz="sm" onClick={() => onSort(column, active && dir === "asc" ? "desc" : "asc")}>
        {label} {active ? (dir === "asc" ? "▲" : "▼") : ""}
      </UnstyledButton>
    </Table.Th>
  );
}
