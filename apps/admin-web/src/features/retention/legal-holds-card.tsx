import { ConfirmModal, type DataColumn, DataTable, formatDate, SectionCard, TruncatedText } from "@atrium/ui";
import { Badge, Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient, trpc } from "../../lib/api.ts";
import { holdScope, sortHolds, type Hold } from "./labels.ts";
import { PlaceHoldModal } from "./place-hold-modal.tsx";

/** Released holds read greyed: they stay listed as a record, not as something in force. */
const dimmed = (hold: Hold) => (hold.releasedAt === null ? undefined : "dimmed");

const COLUMNS: DataColumn<Hold>[] = [
  { id: "name", header: "Name", width: "20%", cell: (h) => <TruncatedText text={h.name} fw={h.releasedAt ? undefined : 600} c={dimmed(h)} /> },
  { id: "scope", header: "Scope", width: "18%", cell: (h) => <TruncatedText text={holdScope(h)} c={dimmed(h)} /> },
  { id: "created", header: "Created", width: "13%", cell: (h) => <TruncatedText text={formatDate(h.createdAt)} c={dimmed(h)} /> },
  { id: "reason", header: "Reason", cell: (h) => <TruncatedText text={h.reason} c={dimmed(h)} /> },
  {
    id: "status",
    header: "Status",
    width: "20%",
    cell: (h) =>
      h.releasedAt ? (
        <Badge variant="light" color="gray" maw="100%">Released {formatDate(h.releasedAt)}</Badge>
      ) : (
        <Badge variant="light" color="orange">Active</Badge>
      ),
  },
];

/** Legal holds, active ones first; released ones stay listed, greyed, as a record. */
export function LegalHoldsCard({ orgId, canPlace, canRelease }: { orgId: string; canPlace: boolean; canRelease: boolean }) {
  const holds = useQuery(trpc.audit.retention.holds.queryOptions({ orgId }));
  const [placing, setPlacing] = useState(false);
  const [releasing, setReleasing] = useState<Hold | null>(null);
  const release = useMutation(
    trpc.audit.retention.releaseHold.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.audit.retention.holds.queryKey() });
        notifications.show({ color: "green", message: `Legal hold "${releasing?.name ?? ""}" released.` });
        setReleasing(null);
      },
    }),
  );

  return (
    <SectionCard
      title="Legal holds"
      description="While a hold is active, the audit events it covers are never deleted, even past their retention period."
      actions={canPlace && <Button onClick={() => setPlacing(true)}>Place legal hold</Button>}
    >
      <DataTable
        label="Legal holds"
        columns={COLUMNS}
        data={holds.data && sortHolds(holds.data)}
        error={holds.error}
        onRetry={() => void holds.refetch()}
        empty="No legal holds: retention applies to everything."
        rowActions={
          canRelease
            ? (hold) =>
                hold.releasedAt === null && (
                  <Button size="xs" variant="light" color="red" onClick={() => setReleasing(hold)}>Release</Button>
                )
            : undefined
        }
        actionsWidth={96}
      />
      {placing && <PlaceHoldModal orgId={orgId} onClose={() => setPlacing(false)} />}
      {releasing && (
        <ConfirmModal
          title={`Release "${releasing.name}"?`}
          confirmLabel="Release hold"
          mutation={release}
          onConfirm={() => release.mutate({ orgId, holdId: releasing.id })}
          onClose={() => setReleasing(null)}
        >
          Once released, the data this hold covers is deleted by the next daily retention run if it is past its retention period.
        </ConfirmModal>
      )}
    </SectionCard>
  );
}
