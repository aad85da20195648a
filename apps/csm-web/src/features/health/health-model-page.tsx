import { PageHeader, QueryView } from "@atrium/ui";
import { Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { useStaffPermission } from "../../lib/staff.ts";
import { BacktestCard } from "./backtest-card.tsx";
import { HealthConfigEditor } from "./health-config-editor.tsx";

/** The health model: its weights and risk thresholds (editable by CS leads) and how well it predicted past renewals. */
export function HealthModelPage() {
  const config = useQuery(trpc.staff.health.config.queryOptions());
  const canConfigure = useStaffPermission("health:configure");
  return (
    <Stack gap="lg">
      <PageHeader
        title="Health model"
        description="How the health score weighs each signal, where the risk bands start, and how well the score foretold past renewals."
      />
      <QueryView query={config} label="the health model">
        {(c) => <HealthConfigEditor key={c.updatedAt.toISOString() + String(canConfigure)} config={c} canConfigure={canConfigure} />}
      </QueryView>
      <BacktestCard />
    </Stack>
  );
}
