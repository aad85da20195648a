import { errorMessage, formatDateTime, httpStatusOf, LabeledValue } from "@atrium/ui";
import { Alert, Anchor, Button, Center, Divider, Loader, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";
import { client, queryClient, trpc } from "../../lib/api.ts";
import { RouterButton } from "../../lib/router-links.tsx";
import { roleLabel } from "../roles/role-label.ts";
import { NewAccountForm } from "./new-account-form.tsx";

const invitationRoute = getRouteApi("/invitations/$token");

/** Where the link in an invitation e-mail lands: see the invitation, then join or decline. */
export function AcceptInvitationPage() {
  const { token } = invitationRoute.useParams();
  const navigate = useNavigate();
  const preview = useQuery({ ...trpc.invitations.invitee.preview.queryOptions({ token }), staleTime: Infinity });
  const [declined, setDeclined] = useState(false);
  const decline = useMutation(trpc.invitations.invitee.decline.mutationOptions({ onSuccess: () => setDeclined(true) }));
  const joined = async (orgId: string) => {
    queryClient.clear();
    await navigate({ to: "/orgs/$orgId", params: { orgId } });
  };

  if (preview.isPending) return <Card><Loader aria-label="Loading the invitation" /></Card>;
  if (preview.isError) {
    const status = httpStatusOf(preview.error);
    return (
      <Card>
        <Title order={1} size="h2">{status === 404 ? "Invitation not found" : "This invitation can't be used"}</Title>
        <Alert color="red" role="alert">{errorMessage(preview.error)}</Alert>
        <Text size="sm" c="dimmed">
          {status === 404 ? "Check that you opened the whole link from the e-mail. " : ""}
          Ask the person who invited you to send a new invitation.
        </Text>
        <Anchor component={Link} to="/" size="sm">Go to Atrium</Anchor>
      </Card>
    );
  }
  if (declined) {
    return (
      <Card>
        <Title order={1} size="h2">Invitation declined</Title>
        <Text>You declined the invitation to {preview.data.organizationName}. The link no longer works.</Text>
      </Card>
    );
  }

  const invitation = preview.data;
  return (
    <Card>
      <div>
        <Title order={1} size="h2">Join {invitation.organizationName}</Title>
        <Text c="dimmed" size="sm">
          {invitation.invitedBy ?? "An administrator"} invited {invitation.email} to join {invitation.organizationName} on Atrium.
        </Text>
      </div>
      <SimpleGrid cols={2} spacing="sm">
        <LabeledValue label="Organization">{invitation.organizationName}</LabeledValue>
        <LabeledValue label="Role">{roleLabel(invitation.role)}</LabeledValue>
        <LabeledValue label="Invited by">{invitation.invitedBy ?? "—"}</LabeledValue>
        <LabeledValue label="Expires">{formatDateTime(invitation.expiresAt)}</LabeledValue>
      </SimpleGrid>
      {decline.isError && <Alert color="red" role="alert">{errorMessage(decline.error)}</Alert>}
      <Divider />
      {invitation.accountExists ? (
        <ExistingAccount token={token} email={invitation.email} onJoined={joined} />
      ) : (
        <NewAccountForm token={token} email={invitation.email} onJoined={joined} />
      )}
      <Button variant="subtle" color="gray" loading={decline.isPending} onClick={() => decline.mutate({ token })}>
        Decline
      </Button>
    </Card>
  );
}

/** An account exists for the invited address: sign in as it, then accept. */
function ExistingAccount({ token, email, onJoined }: { token: string; email: string; onJoined(orgId: string): void }) {
  const me = useQuery(trpc.auth.me.queryOptions());
  const accept = useMutation(trpc.invitations.invitee.accept.mutationOptions({ onSuccess: ({ organizationId }) => onJoined(organizationId) }));
  const signOut = useMutation({
    mutationFn: () => client.auth.logout.mutate(),
    onSuccess: () => queryClient.resetQueries({ queryKey: trpc.auth.me.queryKey() }),
  });

  if (me.isPending) return <Loader size="sm" aria-label="Checking your sign-in" />;
  if (me.isError) {
    return (
      <Stack gap="sm">
        <Text size="sm">You already have an Atrium account. Sign in as {email} to accept.</Text>
        <RouterButton to="/login" search={{ redirect: `/invitations/${token}` }} fullWidth>
          Sign in to accept
        </RouterButton>
      </Stack>
    );
  }
  const other = me.data.user.email.toLowerCase() !== email.toLowerCase();
  return (
    <Stack gap="sm">
      {accept.isError && <Alert color="red" role="alert">{errorMessage(accept.error)}</Alert>}
      {other && (
        <Alert color="yellow" title="Signed in as someone else">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">You are signed in as {me.data.user.email}; this invitation is for {email}. Sign out, then sign in as {email} to accept it.</Text>
            <Button size="compact-sm" variant="default" loading={signOut.isPending} onClick={() => signOut.mutate()}>Sign out</Button>
          </Stack>
        </Alert>
      )}
      <Button loading={accept.isPending} onClick={() => accept.mutate({ token })} fullWidth>
        Accept
      </Button>
    </Stack>
  );
}

function Card({ children }: { children: ReactNode }) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper component="main" withBorder shadow="sm" p="xl" w={460} maw="100%" radius="lg">
        <Stack>{children}</Stack>
      </Paper>
    </Center>
  );
}

