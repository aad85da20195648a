import type { QbrContent } from "@atrium/core/qbr";
import { DataTable, formatMonth, formatNumber, formatPercent, type DataColumn } from "@atrium/ui";
import { Badge, Code, Text, Tooltip } from "@mantine/core";

type FigureKey = keyof QbrContent["figures"];
type Figure = QbrContent["figures"][FigureKey];
type SlaMonth = QbrContent["charts"]["slaByMonth"]["rows"][number];

/** A figure in its unit, through the kit's format module (percent figures are stored as 0–100). */
const figureText = (v: number | null, unit: string) =>
  v === null ? "—" : unit === "percent" ? percent(v) : unit === "hours" ? `${formatNumber(v)} h` : unit === "ms" ? `${formatNumber(v)} ms` : formatNumber(Math.round(v));

/** A 0–100 percentage with an uptime's decimals kept. */
const percent = (v: number | null) => formatPercent(v === null ? null : v / 100, { fine: true });

/** The QBR's figures, this quarter against the previous one; each label shows its source query on hover. */
export function QbrFiguresTable({ content }: { content: QbrContent }) {
  const columns: DataColumn<Figure>[] = [
    {
      id: "figure",
      header: "Figure",
      cell: (f) => (
        <Tooltip multiline w={520} label={<Code block>{f.source.sql.replace(/\s+/g, " ")}</Code>}>
          <Text size="sm" td="underline dotted" truncate="end">{f.label}</Text>
        </Tooltip>
      ),
    },
    { id: "value", header: content.quarter, width: "20%", align: "right", value: (f) => figureText(f.value, f.unit) },
    { id: "previous", header: "Previous quarter", width: "20%", align: "right", value: (f) => figureText(f.previous, f.unit) },
  ];
  const figures = (content.figureOrder ?? Object.keys(content.figures)).map((key) => content.figures[key as FigureKey]);
  return <DataTable label="QBR figures" columns={columns} data={figures} getRowId={(f) => f.key} empty="No figures." />;
}

const met = (r: SlaMonth) =>
  r.uptime_pct !== null && (r.uptime_target === null || r.uptime_pct >= r.uptime_target) && (r.p99_target === null || (r.p99_latency_ms ?? 0) <= r.p99_target);

const SLA_COLUMNS: DataColumn<SlaMonth>[] = [
  { id: "month", header: "Month", value: (r) => r.month, cell: (r) => formatMonth(r.month) },
  { id: "uptime", header: "Uptime", align: "right", value: (r) => `${percent(r.uptime_pct)} / ${percent(r.uptime_target)}` },
  {
    id: "p99",
    header: "p99",
    align: "right",
    value: (r) => `${r.p99_latency_ms === null ? "—" : formatNumber(r.p99_latency_ms)} / ${r.p99_target === null ? "—" : formatNumber(r.p99_target)} ms`,
  },
  {
    id: "met",
    header: "Met",
    cell: (r) => (r.uptime_pct === null ? "—" : <Badge color={met(r) ? "teal" : "red"} variant="light">{met(r) ? "met" : "missed"}</Badge>),
  },
];

/** Service levels by month against the contract's commitments. */
export function SlaAttainmentTable({ content }: { content: QbrContent }) {
  return <DataTable label="SLA attainment" columns={SLA_COLUMNS} data={content.charts.slaByMonth.rows} getRowId={(r) => r.month} empty="No SLA months recorded." />;
}
