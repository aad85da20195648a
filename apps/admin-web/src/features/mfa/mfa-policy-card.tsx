import { errorMessage, SectionCard } from "@atrium/ui";
import { Alert, Loader, Switch } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";

/** Off, or required for password sign-in (members without MFA enrol at their next sign-in). */
export function MfaPolicyCard({ orgId, canEdit }: { orgId: string; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const policy = useQuery(trpc.mfa.policy.queryOptions({ orgId }));
  const save = useMutation(
    trpc.mfa.setPolicy.mutationOptions({
      // The answer is the saved policy: show it at once (no refetch, no flicker back to the old state).
      onSuccess: (saved) => queryClient.setQueryData(trpc.mfa.policy.queryKey({ orgId }), saved),
    }),
  );
  return (
    <SectionCard
      title="Two-factor authentication"
      label="Two-factor authentication policy"
      description="When required, members who sign in with a password must enter a code from an authenticator app; those without one set it up at their next sign-in. Applies to child organizations too."
    >
      {policy.isPending && <Loader size="sm" aria-label="Loading the MFA policy" />}
      {policy.isError && <Alert color="red" role="alert">{errorMessage(policy.error)}</Alert>}
      {policy.data && (
        <Switch
          label="Require two-factor authentication for password sign-in"
          checked={save.isPending ? save.variables.required : policy.data.required}
          disabled={!canEdit || save.isPending}
          onChange={(e) => save.mutate({ orgId, required: e.currentTarget.checked })}
        />
      )}
      <MutationError error={save.error} />
    </SectionCard>
  );
}
