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
