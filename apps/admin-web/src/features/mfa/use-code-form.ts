import { useZodForm } from "@atrium/ui";
import { useState } from "react";
import { z } from "zod";

/** A code from the authenticator app or a recovery code: required; the server says whether it is right. */
const ZCodeForm = z.object({ code: z.string().trim().min(1, "Enter the code.") });

/**
 * A form of one code, sent with `send` (enrolment's confirmation, sign-in's second step). A
 * refusal (a wrong or spent code) is kept as the form's error, for ZodForm to show above the field.
 */
export function useCodeForm(send: (code: string) => Promise<void>) {
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const form = useZodForm(ZCodeForm, { code: "" }, error);
  async function submit({ code }: { code: string }) {
    setPending(true);
    setError(null);
    try {
      await send(code.trim());
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  }
  return { form, error, pending, submit: (values: { code: string }) => void submit(values) };
}
