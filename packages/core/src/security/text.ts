/**
 * Text PostgreSQL cannot store: a NUL character (text and jsonb refuse
 * U+0000, and the driver error became a 500) or a lone UTF-16 surrogate (not
 * valid Unicode, so not encodable as UTF-8). Inputs are checked at the edge
 * (tRPC and REST) and refused with 400 before any service sees them.
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Nesting deeper than this is refused too (no input of ours is nested more than a few levels). */
export const MAX_INPUT_DEPTH = 64;

export type TextProblem = { path: string; problem: "unstorable_text" | "too_deep" };

/** The first string (value or key) in `value` PostgreSQL cannot store, or the first place nested too deep; null when the input is clean. */
export function findUnstorableText(value: unknown, path: string[] = [], depth = 0): TextProblem | null {
  if (typeof value === "string") return UNSTORABLE.test(value) ? { path: path.join(".") || "(input)", problem: "unstorable_text" } : null;
  if (value === null || typeof value !== "object") return null;
  if (depth >= MAX_INPUT_DEPTH) return { path: path.join(".") || "(input)", problem: "too_deep" };
  if (value instanceof Date) return null;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : value instanceof Map || value instanceof Set ? [...value.entries()].map(([k, v], i) => [String(i), [k, v]]) : Object.entries(value);
  for (const [key, child] of entries) {
    if (UNSTORABLE.test(key)) return { path: [...path, key].join("."), problem: "unstorable_text" };
    const found = findUnstorableText(child, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** The sentence a client sees for a problem. */
export function textProblemMessage(problem: TextProblem): string {
  return problem.problem === "too_deep"
    ? `The input is nested more than ${MAX_INPUT_DEPTH} levels deep.`
    : "Text may not contain NUL characters or unpaired surrogates (invalid Unicode).";
}

const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

/** Text made storable: NUL characters and lone surrogates become U+FFFD (for what is recorded, not refused: audit labels and details). */
export const storableText = (text: string): string => text.replace(UNSTORABLE_ALL, "\ufffd");

/** JSON for a jsonb column with every string value made storable (keys too). */
export const storableJson = (value: unknown): string =>
  JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (typeof v === "string") return storableText(v);
    if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).some((k) => UNSTORABLE.test(k))) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [storableText(k), x]));
    }
    return v;
  });
