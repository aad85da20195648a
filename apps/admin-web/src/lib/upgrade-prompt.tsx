import { httpStatusOf } from "@atrium/ui";
import { Alert, Text } from "@mantine/core";
import { useParams } from "@tanstack/react-router";
import { RouterAnchor } from "./router-links.tsx";

/** The API refused because the organization's plan lacks the feature (402 PAYMENT_REQUIRED). */
export const needsUpgrade = (error: unknown) => httpStatusOf(error) === 402;

/**
 * The server's sentence ("Custom roles requires the Business plan.") with the
 * way to the plan page, where the admin sees what each plan includes.
 */
export function UpgradePrompt({ message }: { message: string }) {
  const { orgId } = useParams({ strict: false });
  return (
    <Alert color="orange" variant="light" role="alert" title="Upgrade required">
      <Text size="sm">{message}</Text>
      {orgId && (
        <RouterAnchor to="/orgs/$orgId/plan" params={{ orgId }} size="sm" fw={600}>
          See your plan and what each plan includes
        </RouterAnchor>
      )}
    </Alert>
  );
}
