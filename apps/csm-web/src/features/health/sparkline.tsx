import { Sparkline } from "@mantine/charts";

/** The 18-week health trend of a customer, as a small line. */
export function HealthSparkline({ data, label }: { data: number[]; label: string }) {
  if (data.length < 2) return null;
  const falling = data.at(-1)! < data[0]!;
  return (
    <div role="img" aria-label={label}>
      <Sparkline w={120} h={32} data={data} curveType="linear" color={falling ? "red" : "teal"} fillOpacity={0.15} strokeWidth={1.5} />
    </div>
  );
}
