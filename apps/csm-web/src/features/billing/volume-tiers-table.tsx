import { DataTable, type DataColumn } from "@atrium/ui";
import { ActionIcon, Select, TextInput } from "@mantine/core";
import { METRICS, type TierForm } from "./contract-form.ts";

type TierRow = TierForm & { index: number };

/**
 * A contract's volume tiers as editable rows (metric, "up to", price, per units). Rows have no id of
 * their own until saved, so a row is its position; read-only for staff who cannot edit contracts.
 */
export function VolumeTiersTable({ tiers, readOnly, onChange }: { tiers: TierForm[]; readOnly: boolean; onChange(next: TierForm[]): void }) {
  const patch = (index: number, p: Partial<TierForm>) => onChange(tiers.map((x, j) => (j === index ? { ...x, ...p } : x)));
  const columns: DataColumn<TierRow>[] = [
    {
      id: "metric",
      header: "Metric",
      cell: (t) => (
        <Select
          aria-label={`Tier ${t.index + 1} metric`}
          data={METRICS.map((m) => ({ value: m.value, label: m.label }))}
          value={t.metric}
          onChange={(v) => v && patch(t.index, { metric: v as TierForm["metric"] })}
          readOnly={readOnly}
          allowDeselect={false}
        />
      ),
    },
    {
      id: "upTo",
      header: "Up to",
      cell: (t) => <TextInput aria-label={`Tier ${t.index + 1} up to`} placeholder="no limit" value={t.upTo} onChange={(e) => patch(t.index, { upTo: e.currentTarget.value })} readOnly={readOnly} />,
    },
    {
      id: "price",
      header: "Price",
      cell: (t) => <TextInput aria-label={`Tier ${t.index + 1} price`} value={t.price} onChange={(e) => patch(t.index, { price: e.currentTarget.value })} readOnly={readOnly} />,
    },
    {
      id: "unitSize",
      header: "Per units",
      cell: (t) => <TextInput aria-label={`Tier ${t.index + 1} per units`} value={t.unitSize} onChange={(e) => patch(t.index, { unitSize: e.currentTarget.value })} readOnly={readOnly} />,
    },
  ];
  return (
    <DataTable
      label="Volume tiers"
      columns={columns}
      data={tiers.map((t, index) => ({ ...t, index }))}
      getRowId={(t) => String(t.index)}
      empty="No volume tiers: usage is priced at the usage prices above."
      actionsWidth={48}
      rowActions={
        readOnly
          ? undefined
          : (t) => (
              <ActionIcon variant="subtle" color="red" aria-label={`Remove tier ${t.index + 1}`} onClick={() => onChange(tiers.filter((_, j) => j !== t.index))}>
                ×
              </ActionIcon>
            )
      }
    />
  );
}
