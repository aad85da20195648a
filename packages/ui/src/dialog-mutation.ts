/** What a dialog needs of the TanStack Query mutation it runs. */
export interface ConfirmableMutation {
  isPending: boolean;
  error: unknown;
  reset(): void;
}

/**
 * A dialog's progress, refusal and closing, from the mutation it runs when it is given one (its
 * pending state and error; closing resets it, so the next opening starts clean), otherwise from
 * `pending` and `error` given apart (a dialog whose error is not simply its mutation's).
 */
export function dialogMutation({ mutation, pending = false, error, onClose }: { mutation?: ConfirmableMutation | undefined; pending?: boolean | undefined; error?: unknown; onClose(): void }): {
  pending: boolean;
  error: unknown;
  onClose(): void;
} {
  if (!mutation) return { pending, error, onClose };
  return {
    pending: mutation.isPending,
    error: mutation.error,
    onClose: () => {
      mutation.reset();
      onClose();
    },
  };
}
