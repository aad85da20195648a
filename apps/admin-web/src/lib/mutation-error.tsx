import { errorMessage } from "@atrium/ui";
import { Alert } from "@mantine/core";
import { needsUpgrade, UpgradePrompt } from "./upgrade-prompt.tsx";

/** A failed change or read, in place: the upgrade prompt for a plan gate, the server's message otherwise. */
export function MutationError({ error }: { error: unknown }) {
  if (error == null) return null;
  const message = errorMessage(error);
  if (needsUpgrade(error)) return <UpgradePrompt message={message} />;
  return <Alert color="red" role="alert">{message}</Alert>;
}
