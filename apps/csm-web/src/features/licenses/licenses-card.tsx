import type { PLAN_LABELS} from "@atrium/ui";
import { DataTable, formatDate, formatNumber, FormModal, QueryView, TruncatedText, useZodForm, type DataColumn } from "@atrium/ui";
import { staffPermissions, staffRoleOf } from "@atrium/rbac";
import { Badge, Button, CopyButton, Group, Modal, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { z } from "zod";
import { queryClient, trpc } from "../../lib/api.ts";
import { IssueLicenseModal } from "./issue-license-modal.tsx";
import { REASON_LABELS, STATE_COLORS, STATE_LABELS } from "./state.ts";

const staffRoute = getRouteApi("/staff");
type Row = { id: string; edition: string; plan: keyof typeof PLAN_LABELS; seats: number; notBefore: Date; expiresAt: Date; graceDays: number; installationId: string | null; issuedBy: string | null; token: string; state: keyof typeof STATE_LABELS; reason: keyof typeof REASON_LABELS | null; revokedAt: Date | null };

/** The SPA hides what the server would refuse: finance and super admins issue, renew and revoke. */
function useCanIssue(): boolean {
  const { user } = staffRoute.useRouteContext();
  const role = user.platformRole ? staffRoleOf(user.platformRole, false) : null;
  return role !== null && staffPermissions(role).has("licenses:issue");
}

const COLUMNS: DataColumn<Row>[] = [
  { id: "edition", header: "Edition", width: "14%", value: (l) => l.edition },
  { id: "seats", header: "Seats", width: "9%", align: "right", value: (l) => l.seats, cell: (l) => formatNumber(l.seats) },
  { id: "starts", header: "Starts", width: "13%", value: (l) => l.notBefore.getTime(), cell: (l) => formatDate(l.notBefore) },
  { id: "expires", header: "Expires", width: "13%", value: (l) => l.expiresAt.getTime(), cell: (l) => formatDate(l.expiresAt) },
  {
    id: "state",
    header: "State",
    width: "22%",
    value: (l) => l.state,
    cell: (l) => (
      <Badge color={STATE_COLORS[l.state]} variant="light">
        {STATE_LABELS[l.state]}{l.reason ? `: ${REASON_LABELS[l.reason]}` : ""}
      </Badge>
    ),
  },
  { id: "installation", header: "Installation", value: (l) => l.installationId ?? "", cell: (l) => <TruncatedText text={l.installationId ?? "Any"} /> },
];

/** The licence key, to copy and send to the customer (a licence is not a secret: it is signed, not hidden). */
function KeyModal({ token, onClose }: { token: string; onClose(): void }) {
  return (
    <Modal opened onClose={onClose} title="Licence key" size="lg" centered>
      <Stack>
        <Text size="sm">Send this key to the customer. They paste it in the admin console (Licence) or set it as ATRIUM_LICENSE.</Text>
        <Textarea label="Licence key" readOnly autosize minRows={4} value={token} styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", wordBreak: "break-all" } }} onFocus={(e) => e.currentTarget.select()} />
        <Group justify="flex-end">
          <CopyButton value={token}>{({ copied, copy }) => <Button variant={copied ? "light" : "filled"} color={copied ? "green" : undefined} onClick={copy}>{copied ? "Copied" : "Copy key"}</Button>}</CopyButton>
          <Button variant="default" onClick={onClose}>Close</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The server's rule for a revocation's reason (licensing.issued.revoke), in its words; it checks again. */
const ZRevokeForm = z.object({ reason: z.string().trim().min(3, "Say why, in a few words.").max(500, "A reason has at most 500 characters.") });

/** Revokes a licence, with the reason the audit log keeps. */
function RevokeModal({ licenseId, onClose }: { licenseId: string; onClose(): void }) {
  const revoke = useMutation(
    trpc.licensing.issued.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.licensing.issued.list.queryKey() });
        notifications.show({ color: "green", message: "Licence revoked." });
        onClose();
      },
    }),
  );
  const form = useZodForm(ZRevokeForm, { reason: "" }, revoke.error);
  return (
    <FormModal
      title="Revoke this licence?"
      form={form}
      submitLabel="Revoke"
      color="red"
      mutation={revoke}
      onClose={onClose}
      onSubmit={(v) => revoke.mutate({ licenseId, reason: v.reason.trim() })}
    >
      <Text size="sm">This installation refuses it at once. Installations that verify offline cannot know of the revocation and accept it until it expires.</Text>
      <TextInput label="Reason" withAsterisk data-autofocus {...form.getInputProps("reason")} />
    </FormModal>
  );
}

/** A customer's licences with their state (as this instance sees them: its keys, its revocations); issue, renew, revoke. */
export function LicensesCard({ organizationId }: { organizationId: string }) {
  const canIssue = useCanIssue();
  const licences = useQuery(trpc.licensing.issued.list.queryOptions({ organizationId }));
  const [issuing, setIssuing] = useState(false);
  const [renewing, setRenewing] = useState<Row | null>(null);
  const [revoking, setRevoking] = useState<Row | null>(null);
  const [shown, setShown] = useState<string | null>(null);

  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">Licences</Title>
          {canIssue && <Button size="xs" onClick={() => setIssuing(true)}>Issue licence</Button>}
        </Group>
        <QueryView query={licences} label="licences" empty="No licences issued to this customer.">
          {(rows) => (
            <DataTable
              label="Licences"
              columns={COLUMNS}
              data={rows as Row[]}
              actionsWidth={canIssue ? 220 : 90}
              rowActions={(l) => (
                <Group gap={4} wrap="nowrap">
                  <Button size="xs" variant="default" onClick={() => setShown(l.token)} aria-label={`Show the key of the licence ending ${formatDate(l.expiresAt)}`}>Key</Button>
                  {canIssue && !l.revokedAt && <Button size="xs" variant="default" onClick={() => setRenewing(l)}>Renew</Button>}
                  {canIssue && !l.revokedAt && <Button size="xs" variant="default" color="red" onClick={() => setRevoking(l)}>Revoke</Button>}
                </Group>
              )}
            />
          )}
        </QueryView>
      </Stack>
      {issuing && <IssueLicenseModal organizationId={organizationId} onClose={() => setIssuing(false)} onIssued={(token) => { setIssuing(false); setShown(token); }} />}
      {renewing && <IssueLicenseModal organizationId={organizationId} renews={renewing} onClose={() => setRenewing(null)} onIssued={(token) => { setRenewing(null); setShown(token); }} />}
      {shown && <KeyModal token={shown} onClose={() => setShown(null)} />}
      {revoking && <RevokeModal licenseId={revoking.id} onClose={() => setRevoking(null)} />}
    </Paper>
  );
}
