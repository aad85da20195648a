import { formatNumber } from "@atrium/ui";
import { Alert, Button } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";

const PROBLEMS = {
  hash: "its hash does not match its contents",
  link: "it does not link to the previous event's hash",
  gap: "the sequence has a gap before it",
  personal: "its personal data does not match its recorded digest",
} as const;

const events = (n: number) => `${formatNumber(n)} ${n === 1 ? "event" : "events"}`;

/** The button that recomputes the hash chain. */
export function VerifyButton({ verify }: { verify: ReturnType<typeof useVerify> }) {
  return (
    <Button variant="default" loading={verify.isPending} onClick={() => verify.mutate()}>
      Verify integrity
    </Button>
  );
}

export function useVerify(orgId: string) {
  const queryClient = useQueryClient();
  const mutation = useMutation(
    trpc.audit.events.verify.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.audit.events.pathKey() }) }),
  );
  return { ...mutation, mutate: () => mutation.mutate({ orgId }) };
}

/** The verification's answer, under the page header. */
export function VerifyResult({ verify }: { verify: ReturnType<typeof useVerify> }) {
  if (verify.error) return <MutationError error={verify.error} />;
  const result = verify.data;
  if (!result) return null;
  if (result.ok) {
    return (
      <Alert color="green" role="status" title={`Chain intact: ${events(result.checked)} verified`} withCloseButton onClose={verify.reset}>
        Every event's hash matches its contents and links to the one before it.
      </Alert>
    );
  }
  const broken = result.firstBroken;
  return (
    <Alert color="red" role="alert" title={broken ? `Chain broken at event #${broken.seq}` : "Chain broken"}>
      {broken ? `Event #${broken.seq} (${broken.id}): ${PROBLEMS[broken.problem]}.` : "The chain could not be verified."} {events(result.checked)} checked.
    </Alert>
  );
}
