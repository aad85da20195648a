import { errorMessage, formatNumber } from "@atrium/ui";
import { Alert, Badge, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { RateLimitForm } from "./rate-limit-form.tsx";

/** The API rate limit in force: the plan's default or the organization's own. */
export function RateLimitCard({ orgId, canEdit }: { orgId: string; canEdit: boolean }) {
  const limit = useQuery(trpc.settings.rateLimit.queryOptions({ orgId }));
  return (
    <Paper withBorder p="lg" component="section" aria-label="API rate limit">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">API rate limit</Title>
          <Text size="sm" c="dimmed">
            Requests made with this organization's API keys, counted together across all of Atrium's servers. Calls past the
            limit are answered 429 with Retry-After.
          </Text>
        </div>
        {limit.isPending && <Loader size="sm" aria-label="Loading the rate limit" />}
        {limit.isError && <Alert color="red" role="alert">{errorMessage(limit.error)}</Alert>}
        {limit.data && (
          <>
            <Group gap="sm" aria-live="polite">
              <Text size="sm">
                <Text span fw={700}>{formatNumber(limit.data.perMinute)}</Text> requests a minute, bursts of up to{" "}
                <Text span fw={700}>{formatNumber(limit.data.burst)}</Text>
              </Text>
              <Badge variant="light" color={limit.data.custom ? "grape" : "gray"}>{limit.data.custom ? "Custom" : "Plan default"}</Badge>
            </Group>
            {canEdit && <RateLimitForm key={limit.dataUpdatedAt} orgId={orgId} current={limit.data} />}
          </>
        )}
      </Stack>
    </Paper>
  );
}
