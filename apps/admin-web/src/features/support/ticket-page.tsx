import type { AppRouter } from "@atrium/api";
import { formatDateTime, QueryView, SlaTimers, SUPPORT_LEVEL_LABELS, TicketHeading, TicketMessageForm, TicketThread, TICKET_PRIORITY_LABELS, TICKET_STATUS_COLORS, TICKET_STATUS_LABELS } from "@atrium/ui";
import { Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import type { inferRouterOutputs } from "@trpc/server";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { RouterAnchor } from "../../lib/router-links.tsx";
import { useMyAccess } from "../access/use-my-access.ts";

const route = getRouteApi("/app/orgs/$orgId/support/tickets/$ticketId");

type Thread = inferRouterOutputs<AppRouter>["support"]["ticket"];

/** One ticket, as the customer follows it: the conversation with the vendor's support team, replies and closing. */
export function TicketPage() {
  const { orgId, ticketId } = route.useParams();
  const thread = useQuery(trpc.support.ticket.queryOptions({ orgId, ticketId }));
  return (
    <Stack gap="lg">
      <RouterAnchor to="/orgs/$orgId/support" params={{ orgId }} size="sm">← All tickets</RouterAnchor>
      <QueryView query={thread} label="the ticket">
        {(data) => <TicketView orgId={orgId} thread={data} />}
      </QueryView>
    </Stack>
  );
}

function TicketView({ orgId, thread }: { orgId: string; thread: Thread }) {
  const { ticket, entries } = thread;
  const access = useMyAccess(orgId);
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.support.pathKey() });
  const reply = useMutation(trpc.support.comment.mutationOptions({ onSuccess: refresh }));
  const close = useMutation(trpc.support.close.mutationOptions({ onSuccess: refresh }));
  const closed = ticket.status === "closed";
  return (
    <>
      <TicketHeading ticket={ticket}>
        <Group gap="xs" mt="xs">
          <Badge color={TICKET_STATUS_COLORS[ticket.status]} variant="light">{TICKET_STATUS_LABELS[ticket.status]}</Badge>
          <Badge variant="outline">{TICKET_PRIORITY_LABELS[ticket.priority]} priority</Badge>
          <Text size="sm" c="dimmed">{SUPPORT_LEVEL_LABELS[ticket.supportLevel]} support · opened {formatDateTime(ticket.createdAt)}</Text>
        </Group>
      </TicketHeading>
      <Paper withBorder p="md">
        <Group gap="xl">
          <SlaTimers ticket={ticket} />
        </Group>
      </Paper>
      <TicketThread viewer="customer" opening={{ author: ticket.openedByName, at: ticket.createdAt, body: ticket.description }} entries={entries} />
      {closed ? (
        <Text c="dimmed">
          This ticket is closed. To follow up, <RouterAnchor to="/orgs/$orgId/support" params={{ orgId }}>open a new ticket</RouterAnchor>.
        </Text>
      ) : (
        access.can("support:comment") && (
          <Paper withBorder p="md">
            <TicketMessageForm
              label="Reply to support"
              fieldLabel="Reply"
              description="The support team is told by e-mail."
              submitLabel="Send reply"
              onSend={(body) => reply.mutateAsync({ orgId, ticketId: ticket.id, body })}
              error={reply.error}
              pending={reply.isPending}
              after={<MutationError error={close.error} />}
              actions={
                access.can("support:close_ticket") && (
                  <Button variant="default" loading={close.isPending} onClick={() => close.mutate({ orgId, ticketId: ticket.id })}>Close ticket</Button>
                )
              }
            />
          </Paper>
        )
      )}
    </>
  );
}
