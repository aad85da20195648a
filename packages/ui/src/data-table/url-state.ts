import { useCallback, useEffect, useState } from "react";

/** A column sort: which column, which way. */
export type TableSort = { id: string; desc: boolean };

/** The state a DataTable keeps in the address bar when it owns it. */
export type TableUrlState = { sort: TableSort | null; page: number };

const param = (key: string, name: "sort" | "page") => (key ? `${key}.${name}` : name);

/** Reads `<key>.sort=<column>.<asc|desc>` and `<key>.page=<n>` from a query string; bad values read as unset. */
export function readTableUrlState(search: string, key: string, columns: readonly string[]): TableUrlState {
  const params = new URLSearchParams(search);
  const rawSort = params.get(param(key, "sort"));
  const match = rawSort ? /^(.+)\.(asc|desc)$/.exec(rawSort) : null;
  const sort = match && columns.includes(match[1]!) ? { id: match[1]!, desc: match[2] === "desc" } : null;
  const rawPage = Number(params.get(param(key, "page")));
  const page = Number.isInteger(rawPage) && rawPage >= 1 && rawPage <= 100_000 ? rawPage : 1;
  return { sort, page };
}

/** The query string with this table's state written in (defaults removed, other parameters kept). */
export function writeTableUrlState(search: string, key: string, state: TableUrlState): string {
  const params = new URLSearchParams(search);
  if (state.sort) params.set(param(key, "sort"), `${state.sort.id}.${state.sort.desc ? "desc" : "asc"}`);
  else params.delete(param(key, "sort"));
  if (state.page > 1) params.set(param(key, "page"), String(state.page));
  else params.delete(param(key, "page"));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * Sort and page state mirrored in the URL, so a sorted, paged table survives a reload and can be
 * linked to. Written with `history.replaceState` (no history entry per click; the router, which
 * listens to the History API, stays in step) and read back on back/forward navigation.
 * `key` separates several tables on one page (`?keys.sort=created.desc&webhooks.page=2`).
 */
export function useTableUrlState(key: string, columns: readonly string[]) {
  const columnsKey = columns.join("\u0000");
  const read = useCallback(
    () => readTableUrlState(window.location.search, key, columnsKey.split("\u0000")),
    [key, columnsKey],
  );
  const [state, setState] = useState<TableUrlState>(read);

  useEffect(() => {
    const onPop = () => setState(read());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, [read]);

  const update = useCallback(
    (next: TableUrlState) => {
      setState(next);
      const search = writeTableUrlState(window.location.search, key, next);
      if (search !== window.location.search) {
        window.history.replaceState(window.history.state, "", `${window.location.pathname}${search}${window.location.hash}`);
      }
    },
    [key],
  );
  return [state, update] as const;
}

/** Which way a page keeps its sort in its own URL search (`dir`). */
export type SortDirection = "asc" | "desc";

/**
 * A DataTable's `sort` for a table whose page keeps its sort in its URL search as a column and a
 * direction (`?sort=name&dir=desc`) rather than in the table's own key: the table shows that sort,
 * and a click hands the page the new column and direction; a cleared sort goes back to `fallback`.
 */
export function searchSort<Column extends string>(
  column: Column,
  dir: SortDirection,
  fallback: Column,
  onChange: (column: Column, dir: SortDirection) => void,
): { value: TableSort; onChange(next: TableSort | null): void } {
  return {
    value: { id: column, desc: dir === "desc" },
    onChange: (next) => onChange((next?.id ?? fallback) as Column, next?.desc ? "desc" : "asc"),
  };
}
