/**
 * The tRPC transformer: superjson, with answers that are plain JSON sent
 * without superjson's walk. Most procedures answer with plain objects,
 * arrays, strings, finite numbers, booleans and null; for those, superjson
 * writes `{ json: value }` and no `meta`, and its walk (a path array and a
 * callback for every node, a map of every object's identities) costs a tenth
 * of a console call's tRPC work (bench/README.md, "org.get over tRPC").
 * `isPlain` checks the same thing in one recursive pass, noting the paths of
 * Dates (most answers carry a `createdAt`), and the answer becomes
 * `{ json: value, meta }` that JSON.stringify writes byte for byte as
 * superjson's would, so every client (the SPAs, the tests, the SDK, all on
 * superjson) reads it unchanged. Anything else — a BigInt, Map, Set,
 * undefined, NaN, ±Infinity, -0, an invalid Date, a class instance, an object
 * met twice (superjson restores the identity), a Date under a key holding "."
 * — goes through superjson as before. Inputs are always read by superjson.
 */
import superjson from "superjson";
import type { SuperJSONResult } from "superjson";

/** Deeper than any answer of ours: past it, superjson decides. */
const MAX_DEPTH = 64;

/** One walk of an answer: the path to the current node, the objects met, the Dates found (superjson's meta paths). */
interface Walk {
  path: string[];
  seen: Set<object>;
  dates: string[] | null;
}

/** Whether superjson would send `value` as it is (Dates aside, which JSON.stringify writes as superjson does). */
function isPlain(value: unknown, walk: Walk): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null) return true;
      if (walk.path.length > MAX_DEPTH || walk.seen.has(value)) return false;
      walk.seen.add(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          walk.path.push(String(i));
          const plain = isPlain(value[i], walk);
          walk.path.pop();
          if (!plain) return false;
        }
        return true;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto === Date.prototype) return dateFound(value as Date, walk);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        walk.path.push(key);
        const plain = isPlain((value as Record<string, unknown>)[key], walk);
        walk.path.pop();
        if (!plain) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** A valid Date at a path superjson writes without escapes (no "." or "\\" in its keys). */
function dateFound(date: Date, walk: Walk): boolean {
  if (Number.isNaN(date.getTime()) || walk.path.some((key) => key.includes(".") || key.includes("\\"))) return false;
  (walk.dates ??= []).push(walk.path.join("."));
  return true;
}

/**
 * superjson's serialization of `value`, without its walk when the value is plain JSON and Dates.
 * The Dates stay in `json`: tRPC writes the result with JSON.stringify, which writes a Date as
 * superjson does (`toISOString`), so the bytes sent are superjson's.
 */
export function serializeAnswer(value: unknown): SuperJSONResult {
  const walk: Walk = { path: [], seen: new Set(), dates: null };
  if (!isPlain(value, walk)) return superjson.serialize(value);
  const json = value as SuperJSONResult["json"];
  if (!walk.dates) return { json };
  const values = value instanceof Date ? ["Date"] : Object.fromEntries(walk.dates.map((path) => [path, ["Date"]]));
  return { json, meta: { values, v: 1 } as SuperJSONResult["meta"] };
}

export const transformer = {
  input: superjson,
  output: { serialize: serializeAnswer, deserialize: (value: SuperJSONResult) => superjson.deserialize(value) },
};
