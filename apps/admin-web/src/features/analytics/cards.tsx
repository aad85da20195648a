import { LoadError } from "@atrium/ui";
import type { CsvValue } from "@atrium/ui/csv";
import type { ReactNode } from "react";

/** One titled table of the CSV export. */
export interface CsvSection {
  title: string;
  header: string[];
  rows: CsvValue[][];
}

/** One card of the page: its title, how it draws (given its pin/hide/move controls) and its CSV sections. */
export interface PageCard {
  title: string;
  render(controls: ReactNode): ReactNode;
  csv(): CsvSection[];
}

type Query<T> = { data: T | undefined; isError: boolean; error: unknown; refetch(): unknown };

/** A card from a query: the card once loaded, the error in its place when the load failed, nothing while loading. */
export function cardOf<T>(title: string, query: Query<T>, render: (data: T, controls: ReactNode) => ReactNode, csv: (data: T) => CsvSection[]): PageCard | undefined {
  if (query.data !== undefined) return { title, render: (controls) => render(query.data!, controls), csv: () => csv(query.data!) };
  if (query.isError) return { title, render: () => <LoadError title={`Could not load ${title.toLowerCase()}`} error={query.error} onRetry={() => void query.refetch()} />, csv: () => [] };
  return undefined;
}

/** The cards that have something to show (loaded, or failed), by id. */
export const present = <K extends string>(cards: Partial<Record<K, PageCard | undefined>>) =>
  Object.fromEntries(Object.entries(cards).filter(([, card]) => card !== undefined)) as Partial<Record<K, PageCard>>;
