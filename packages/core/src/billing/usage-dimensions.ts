/**
 * The analytics dimensions a usage report may carry besides its metric and
 * quantity, one schema for every entry point (tRPC `usage.record`, `/v1/usage`):
 * - operation: what the product did, its own name (`export.pdf`): 1–100 of
 *   letters, digits and `. _ - : /`, starting with a letter or digit. A report
 *   without one is stored as `(none)` (NO_OPERATION), which no product name can
 *   spell, so "unnamed" never merges with a real operation;
 * - status: `ok` or `error`;
 * - durationMs: how long it took, a non-negative 32-bit integer of milliseconds;
 * - resourceId: what it acted on, 1–200 printable characters.
 * The database checks the same (migration `usage_event_dimensions`).
 */
import { z } from "zod";

export const NO_OPERATION = "(none)";
export const OPERATION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;

export const ZUsageDimensions = z.object({
  operation: z
    .string()
    .regex(OPERATION_PATTERN, { error: "An operation is 1 to 100 letters, digits and . _ - : / starting with a letter or digit." })
    .optional()
    .meta({ description: "What the product did, e.g. export.pdf (1-100 of letters, digits and . _ - : /); absent: (none)" }),
  status: z.enum(["ok", "error"]).optional().meta({ description: "The operation's outcome" }),
  durationMs: z.number().int().min(0).max(2_147_483_647).optional().meta({ description: "How long it took, in milliseconds" }),
  resourceId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e][\x20-\x7e]*$/, { error: "A resource id is 1 to 200 printable characters." })
    .optional()
    .meta({ description: "What it acted on (the product's own id)" }),
});
export type TUsageDimensions = z.infer<typeof ZUsageDimensions>;
