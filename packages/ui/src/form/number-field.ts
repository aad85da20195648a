import { z } from "zod";

/**
 * A NumberInput's value in a form schema. Mantine's NumberInput holds a number, or "" while it
 * is empty; `numberField(z.number({ error: "Enter the measured uptime." }).min(0, …))` accepts
 * both as input and checks the number with the given schema, so an empty field gets that
 * schema's own sentence. The form's values keep `number | string`: convert with Number() on
 * submit (the schema has passed by then).
 */
export function numberField(schema: z.ZodType<number>) {
  // The number schema is handed the raw value ("" included) so that its own message speaks
  // for an empty field; its declared input (number) is narrower than what it is given.
  return z.union([z.number(), z.string()]).pipe(schema as z.ZodType<number, number | string>);
}
