/** State-based waiting: poll a condition until it holds, with a generous deadline (the machine is shared). */
import { setTimeout as sleep } from "node:timers/promises";

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

export async function waitFor<T>(what: string, condition: () => Promise<T | false | null | undefined>, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 60_000, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (error) {
      lastError = error;
      if ((error as Error).message.includes("exited; see")) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ""}`);
    }
    await sleep(intervalMs);
  }
}
