import { Alert, Code, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";

const UUID = /organization ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g;

/** The decision, with organization ids replaced by the names the admin knows. */
export function ExplainResult({
  decision,
  memberName,
  permission,
}: {
  decision: { allowed: boolean; reason: string };
  memberName: string;
  permission: string;
}) {
  const { data: orgs = [] } = useQuery(trpc.org.list.queryOptions());
  const reason = decision.reason.replace(UUID, (whole, id: string) => {
    const org = orgs.find((o) => o.id === id);
    return org ? `organization ${org.name}` : whole;
  });
  return (
    <section aria-label="Decision" aria-live="polite">
      <Alert color={decision.allowed ? "green" : "red"} variant="light" title={decision.allowed ? "Allowed" : "Denied"}>
        <Text size="sm">
          {memberName} {decision.allowed ? "holds" : "does not hold"} <Code>{permission}</Code> here.
        </Text>
        <Text size="sm" mt={4}>
          <Text span fw={600}>Reason: </Text>
          {reason}
        </Text>
      </Alert>
    </section>
  );
}
