import { ConfirmModal, SectionCard } from "@atrium/ui";
import { Stack, Switch, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { refreshOrganization } from "./refresh.ts";
import type { OrgSettings } from "./types.ts";

/** Whether roles held here also apply beneath (org:manage_inheritance); asks before changing who reaches what. */
export function InheritanceSection({ orgId, settings }: { orgId: string; settings: OrgSettings }) {
  const access = useMyAccess(orgId);
  const [turning, setTurning] = useState<boolean | null>(null);
  const change = useMutation(
    trpc.org.setInheritance.mutationOptions({
      onSuccess: async (_ok, input) => {
        await refreshOrganization();
        notifications.show({
          color: "green",
          message: input.inheritRolesToChildren ? "Roles now reach child organizations." : "Roles no longer reach child organizations.",
        });
        setTurning(null);
      },
    }),
  );

  return (
    <SectionCard title="Role inheritance" description="Whether people's roles here carry down the hierarchy.">
      <Stack gap="xs">
        <Switch
          label="Roles held here also apply in child organizations"
          checked={settings.inheritRolesToChildren}
          disabled={!access.can("org:manage_inheritance")}
          onChange={(e) => {
            change.reset();
            setTurning(e.currentTarget.checked);
          }}
        />
        <Text size="sm" c="dimmed">
          When on, a role someone holds in {settings.name} also applies in every organization beneath it: an admin here can
          administer all child organizations without being added to each. Roles given directly in a child organization apply
          there as well. When off, people reach a child organization only through a role given there.
        </Text>
      </Stack>
      {turning !== null && (
        <ConfirmModal
          title={turning ? "Let roles reach child organizations?" : "Stop roles reaching child organizations?"}
          confirmLabel={turning ? "Turn on inheritance" : "Turn off inheritance"}
          color="orange"
          mutation={change}
          onConfirm={() => change.mutate({ orgId, inheritRolesToChildren: turning })}
          onClose={() => setTurning(null)}
        >
          {turning
            ? `Everyone with a role in ${settings.name} gets the same role in all of its child organizations, right away.`
            : `People who reach child organizations only through their role in ${settings.name} lose access to them, right away.`}
        </ConfirmModal>
      )}
    </SectionCard>
  );
}
