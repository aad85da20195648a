import { errorMessage } from "@atrium/ui";
import { Anchor, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { navigateOutside } from "./navigate-outside.ts";
import { needsUpgrade } from "./upgrade-prompt.tsx";

/**
 * A failed change as a notification, for actions taken from a table row. A
 * plan gate reads as an upgrade prompt with a link to the plan page.
 * (Notifications render outside the router, so the link navigates through navigate-outside.ts.)
 */
export function notifyError(error: unknown, orgId: string) {
  const message = errorMessage(error);
  if (!needsUpgrade(error)) {
    notifications.show({ color: "red", message });
    return;
  }
  const href = `${import.meta.env.BASE_URL}orgs/${orgId}/plan`;
  notifications.show({
    color: "orange",
    title: "Upgrade required",
    autoClose: false,
    message: (
      <Stack gap={4}>
        <Text size="sm">{message}</Text>
        <Anchor
          href={href}
          size="sm"
          fw={600}
          onClick={(event) => {
            event.preventDefault();
            navigateOutside(href);
          }}
        >
          See your plan and what each plan includes
        </Anchor>
      </Stack>
    ),
  });
}
