/**
 * Text PostgreSQL cannot store: a NUL character (text and jsonb refuse
 * U+0000, and the driver error became a 500) or a lone UTF-16 surrogate (not
 * valid Unicode, so not encodable as UTF-8). Inputs are checked at the edge
 * (tRPC and REST) and refused with 400 before any service sees them.
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// eslint-disable-next-line no-control-regex -- matching NUL is the point
const SUSPECT = /[\u0000\ud800-\udfff]/;

/** UNSTORABLE's answer; the plain character class first, since nearly every string has neither a NUL nor a surrogate. */
const unstorable = (text: string) => SUSPECT.test(text) && UNSTORABLE.test(text);

/** Nesting deeper than this is refused too (no input of ours is nested more than a few levels). */
export const MAX_INPUT_DEPTH = 64;

export type TextProblem = { path: string; problem: "unstorable_text" | "too_deep" };

/**
 * The first string (value or key) in `value` PostgreSQL cannot store, or the first place nested too deep; null when the input is clean.
 * `path` is where `value` sits in an enclosing input (its keys, outermost first).
 */
export function findUnstorableText(value: unknown, path: readonly string[] = [], depth = 0): TextProblem | null {
  // Every request body goes through here: the walk keeps the keys leading to the current value on one
  // stack and builds the path only for a problem, so a clean input allocates nothing but that stack.
  return walk(value, [...path], depth);
}

/** The problem at `trail` (the keys leading to it). */
const problemAt = (trail: readonly string[], problem: TextProblem["problem"]): TextProblem => ({ path: trail.join(".") || "(input)", problem });

/** findUnstorableText over `value`, whose keys are on `trail` (pushed and popped as the walk descends). */
function walk(value: unknown, trail: string[], depth: number): TextProblem | null {
  if (typeof value === "string") return unstorable(value) ? problemAt(trail, "unstorable_text") : null;
  if (value === null || typeof value !== "object") return null;
  if (depth >= MAX_INPUT_DEPTH) return problemAt(trail, "too_deep");
  if (value instanceof Date) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = walkItem(value[i], String(i), trail, depth);
      if (found) return found;
    }
    return null;
  }
  if (value instanceof Map || value instanceof Set) {
    let i = 0;
    for (const entry of value.entries()) {
      trail.push(String(i++));
      const found = walk(entry, trail, depth + 1);
      trail.pop();
      if (found) return found;
    }
    return null;
  }
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (unstorable(key)) return problemAt([...trail, key], "unstorable_text");
    const found = walkItem((value as Record<string, unknown>)[key], key, trail, depth);
    if (found) return found;
  }
  return null;
}

/** One member (`key`) of an array or object at `depth`: a string checked in place, an object walked one level down. */
function walkItem(item: unknown, key: string, trail: string[], depth: number): TextProblem | null {
  if (typeof item === "string") return unstorable(item) ? problemAt([...trail, key], "unstorable_text") : null;
  if (item === null || typeof item !== "object") return null;
  trail.push(key);
  const found = walk(item, trail, depth + 1);
  trail.pop();
  return found;
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

/**
 * What JSON.stringify writes for the text jsonb refuses: a NUL (`\u0000`) or a lone surrogate
 * (`\ud800`–`\udfff`; paired ones are written as they are). A match may be a false alarm (an
 * escaped backslash before `u0000`): the careful path then decides.
 */
const ESCAPED_UNSTORABLE = /\\u(?:0000|d[89a-f])/i;

/** JSON for a jsonb column with every string value made storable (keys too). */
export const storableJson = (value: unknown): string => {
  // Nearly every value is clean: one plain JSON.stringify and one scan of its text, no replacer call per value.
  const plain = JSON.stringify(value);
  return plain === undefined || ESCAPED_UNSTORABLE.test(plain) ? carefulJson(value) : plain;
};

const carefulJson = (value: unknown): string =>
  JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (typeof v === "string") return storableText(v);
    if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).some((k) => UNSTORABLE.test(k))) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [storableText(k), x]));
    }
    return v;
  });
