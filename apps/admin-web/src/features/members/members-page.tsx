import { PageHeader } from "@atrium/ui";
import { Button, Stack, Tabs } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { useOrgPage } from "../access/use-org-page.ts";
import { InvitationsList } from "../invitations/invitations-list.tsx";
import { InviteModal } from "../invitations/invite-modal.tsx";
import { MembersList } from "./members-list.tsx";

const membersRoute = getRouteApi("/app/orgs/$orgId/members");

/** Members and invitations of one organization; the tab, filters, sort and page live in the URL. */
export function MembersPage() {
  const { orgId, search, access, setSearch } = useOrgPage(membersRoute);
  const [inviting, setInviting] = useState(false);
  const tab = search.tab ?? "members";

  return (
    <Stack gap="lg">
      <PageHeader
        title="Members"
        description="People in this organization, their roles, and the invitations you have sent."
        actions={access.can("members:invite") && <Button onClick={() => setInviting(true)}>Invite people</Button>}
      />
      <Tabs
        value={tab}
        keepMounted={false}
        onChange={(value) => setSearch({ tab: value === "invitations" ? "invitations" : undefined }, { replace: false })}
      >
        <Tabs.List>
          <Tabs.Tab value="members">Members</Tabs.Tab>
          <Tabs.Tab value="invitations">Invitations</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="members" pt="md">
          <MembersList orgId={orgId} />
        </Tabs.Panel>
        <Tabs.Panel value="invitations" pt="md">
          <InvitationsList orgId={orgId} />
        </Tabs.Panel>
      </Tabs>
      {inviting && (
        <InviteModal
          orgId={orgId}
          onClose={() => setInviting(false)}
          onInvited={() => {
            setInviting(false);
            setSearch({ tab: "invitations", invitationStatus: undefined }, { replace: false });
          }}
        />
      )}
    </Stack>
  );
}
