import { describe, expect, it } from "vitest";
import { dialogMutation } from "./dialog-mutation.ts";

describe("dialogMutation", () => {
  it("takes progress and refusal from the mutation, and resets it before the dialog closes", () => {
    const calls: string[] = [];
    const refusal = new Error("refused");
    const mutation = { isPending: true, error: refusal, reset: () => calls.push("reset") };
    const dialog = dialogMutation({ mutation, onClose: () => calls.push("close") });
    expect([dialog.pending, dialog.error]).toEqual([true, refusal]);
    dialog.onClose();
    expect(calls).toEqual(["reset", "close"]);
  });

  it("without a mutation, passes pending, error and closing through (pending false unless said)", () => {
    const onClose = () => undefined;
    expect(dialogMutation({ error: "no", onClose })).toEqual({ pending: false, error: "no", onClose });
    expect(dialogMutation({ pending: true, error: null, onClose })).toEqual({ pending: true, error: null, onClose });
  });
});
