import { DataTable, type DataColumn } from "@atrium/ui";
import { ActionIcon, Select, TextInput } from "@mantine/core";
import type { GetInputPropsReturnType } from "@mantine/form";
import { METRICS, type TierForm } from "./contract-form.ts";

type TierRow = TierForm & { index: number };

/**
 * A contract's volume tiers as editable rows (metric, "up to", price, per units). Rows have no id of
 * their own until saved, so a row is its position; read-only for staff who cannot edit contracts.
 * Each cell is the contract form's field `tiers.<row>.<name>` (`inputProps` gives its value,
 * change handler and error).
 */
export function VolumeTiersTable({
  tiers,
  readOnly,
  inputProps,
  onRemove,
}: {
  tiers: TierForm[];
  readOnly: boolean;
  inputProps(path: string): GetInputPropsReturnType;
  onRemove(index: number): void;
}) {
  const field = (t: TierRow, name: keyof TierForm) => inputProps(`tiers.${t.index}.${name}`);
  const columns: DataColumn<TierRow>[] = [
    {
      id: "metric",
      header: "Metric",
      cell: (t) => (
        <Select
          aria-label={`Tier ${t.index + 1} metric`}
          data={METRICS.map((m) => ({ value: m.value, label: m.label }))}
          readOnly={readOnly}
          {...field(t, "metric")}
          allowDeselect={false}
        />
      ),
    },
    {
      id: "upTo",
      header: "Up to",
      cell: (t) => <TextInput aria-label={`Tier ${t.index + 1} up to`} placeholder="no limit" readOnly={readOnly} {...field(t, "upTo")} />,
    },
    {
      id: "price",
      header: "Price",
      cell: (t) => <TextInput aria-label={`Tier ${t.index + 1} price`} readOnly={readOnly} {...field(t, "price")} />,
    },
    {
      id: "unitSize",
      header: "Per units",
      cell: (t) => <TextInput aria-label={`Tier ${t.index + 1} per units`} readOnly={readOnly} {...field(t, "unitSize")} />,
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
              <ActionIcon variant="subtle" color="red" aria-label={`Remove tier ${t.index + 1}`} onClick={() => onRemove(t.index)}>
                ×
              </ActionIcon>
            )
      }
    />
  );
}
