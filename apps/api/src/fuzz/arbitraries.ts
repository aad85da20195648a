/**
 * The fuzz suite's input generators (fast-check): values from a procedure's
 * zod schema (through `z.toJSONSchema`), near-valid mutations of them (one
 * leaf replaced by a hostile value), hostile values on their own, and random
 * JSON. `FUZZ_RUNS` scales every run count (default 1; `FUZZ_RUNS=20 npx
 * vitest run apps/api/src/fuzz` for a deeper local run).
 */
import fc from "fast-check";
import { z } from "zod";
import { FUZZ_RUNS_SCALE, FUZZ_SEED } from "./env.ts";

/** A run count scaled by FUZZ_RUNS (at least 1). */
export const runs = (base: number) => Math.max(1, Math.round(base * FUZZ_RUNS_SCALE));

/** A fixed seed unless FUZZ_SEED is set, so a failure in CI reproduces; fast-check prints the seed and path of a failure. */
export const seed = FUZZ_SEED;

/** The seed of one property (the run's seed mixed with a name, so each procedure gets its own sequence). */
export const seedFor = (name: string) => [...name].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, seed);

/** Strings that break naive code: NUL bytes (PostgreSQL text refuses them), lone surrogates, bidi and zero-width marks, case-folding and normalisation traps, injection classics. */
export const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202egnp.exe",
  "\u200b\u200c\u200d\ufeff",
  "\u0130stanbul",
  "ﬀ",
  "e\u0301",
  "\u00e9",
  "💩👨‍👩‍👧",
  "%00",
  "%s%n",
  "' OR 1=1 --",
  "\\",
  "\"",
  "../../../etc/passwd",
  "${jndi:ldap://x}",
  "<script>alert(1)</script>",
  "null",
  "undefined",
  "__proto__",
  "2026-13-45T99:99:99Z",
  "-1",
  "1e309",
  "\r\nSet-Cookie: x=1",
  "a".repeat(10_000),
  "é".repeat(70_000),
] as const;

const HOSTILE_NUMBERS = [0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

/** `depth` arrays or objects inside each other. */
export const nested = (depth: number, kind: "array" | "object" = "array"): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { a: value };
  return value;
};

/** One hostile value of any type. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...HOSTILE_STRINGS),
  fc.constantFrom<unknown>(...HOSTILE_NUMBERS),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom<unknown>(null, true, false, [], {}, 10n ** 30n, new Date(Number.NaN), new Date(8.64e15), new Map([["a", 1]]), new Set([1])),
  fc.constantFrom<unknown>(nested(200), nested(200, "object"), Array.from({ length: 5_000 }, (_, i) => i), { __proto__: { admin: true } }, { constructor: { prototype: { admin: true } } }),
);

/** Random JSON (what a client that does not read the schema sends). */
export const randomJson = fc.jsonValue({ maxDepth: 3 });

/** The ids and e-mails the generators pick from, so that generated inputs reach real rows (the caller's and other tenants'). */
export interface Pools {
  ids: string[];
  emails: string[];
}

type JsonSchema = {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  default?: unknown;
};

/** A zod schema as JSON Schema (input side), dates marked so they are generated as Date objects. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      const type = (ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def.type;
      if (type === "date") (ctx.jsonSchema as JsonSchema).format = "x-date";
      if (type === "bigint") (ctx.jsonSchema as JsonSchema).format = "x-bigint";
    },
  }) as JsonSchema;
}

const UUID_FORMAT = /uuid|guid/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Values that satisfy the JSON Schema most of the time (patterns and refinements are best effort). */
export function arbitraryOf(root: JsonSchema, pools: Pools): fc.Arbitrary<unknown> {
  const defs = root.$defs ?? {};
  const build = (s: JsonSchema, depth: number): fc.Arbitrary<unknown> => {
    if (depth > 6) return fc.constant(undefined);
    if (s.$ref) {
      const target = defs[s.$ref.replace(/^#\/\$defs\//, "")];
      return target && depth < 4 ? build(target, depth + 1) : fc.constant(undefined);
    }
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives?.length) return fc.oneof(...alternatives.map((a) => build(a, depth + 1)));
    if (s.allOf?.length) return build(Object.assign({}, ...s.allOf) as JsonSchema, depth + 1);
    if (s.format === "x-date") return fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true });
    if (s.format === "x-bigint") return fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n });
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    if (types.length > 1) return fc.oneof(...types.map((type) => build({ ...s, type }, depth)));
    switch (types[0]) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer":
      case "number": {
        const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000_000);
        const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1_000_000);
        const lo = Math.max(min, -1e12);
        const hi = Math.min(max, 1e12);
        if (types[0] === "integer") return fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.floor(hi)) });
        return fc.double({ min: lo, max: Math.max(lo, hi), noNaN: true, noDefaultInfinity: true });
      }
      case "string":
        return stringOf(s, pools);
      case "array": {
        if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => build(p, depth + 1)));
        const minLength = s.minItems ?? 0;
        return fc.array(s.items ? build(s.items, depth + 1) : randomJson, { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? 4, 4)) });
      }
      case "object": {
        if (!s.properties) {
          const value = typeof s.additionalProperties === "object" ? build(s.additionalProperties, depth + 1) : randomJson;
          return fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 3 });
        }
        const shape = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, build(v, depth + 1)]));
        return fc.record(shape, { requiredKeys: s.required ?? [] });
      }
      default:
        return fc.oneof(randomJson, fc.date({ noInvalidDate: true }));
    }
  };
  return build(root, 0);
}

function stringOf(s: JsonSchema, pools: Pools): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, 40));
  const format = s.format ?? "";
  if (UUID_FORMAT.test(format)) return pools.ids.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pools.ids) }, { weight: 1, arbitrary: fc.uuid({ version: 4 }) }) : fc.uuid({ version: 4 });
  if (format === "email") return pools.emails.length ? fc.oneof(fc.constantFrom(...pools.emails), fc.emailAddress()) : fc.emailAddress();
  if (format === "date-time") return fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
  if (format === "date") return fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (format === "uri" || format === "url") return fc.webUrl();
  if (format === "ipv4") return fc.ipV4();
  if (format === "ipv6") return fc.ipV6();
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= minLength && v.length <= (s.maxLength ?? Infinity));
    } catch {
      // A pattern JavaScript cannot compile: plain strings.
    }
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: "grapheme" }) },
  );
}

/** The places inside a value (an empty path is the value itself). */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (out.length > 200) return out;
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value && typeof value === "object" && !(value instanceof Date)) for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  const obj = value as Record<string, unknown>;
  return { ...obj, [head]: replaceAt(obj[head], rest, replacement) };
}

const TAINTS = ["\u0000", "\ud800", "\udc00", "\u202e", "\u200b", "\ufeff", "ﬀ", "\u0130", "e\u0301", "💩", "'", "%"] as const;

/** Get the value at a path. */
const at = (value: unknown, path: (string | number)[]) => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], value);

/**
 * A valid value with one place changed: a string leaf tainted (a NUL byte,
 * a lone surrogate, a bidi or zero-width mark inserted; or made huge), a
 * field or element replaced by a hostile value, or an unknown field added.
 */
export function nearValid(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), fc.nat(), hostile, fc.constantFrom("taint", "taint", "huge", "replace", "replace", "field")).map(([value, pick, where, bad, kind]) => {
    const paths = pathsOf(value);
    const strings = paths.filter((p) => typeof at(value, p) === "string" && !UUID.test(at(value, p) as string));
    if ((kind === "taint" || kind === "huge") && strings.length) {
      const path = strings[pick % strings.length]!;
      const text = at(value, path) as string;
      const cut = where % (text.length + 1);
      const tainted = kind === "huge" ? text + "x".repeat(100_000) : text.slice(0, cut) + TAINTS[where % TAINTS.length]! + text.slice(cut);
      return replaceAt(value, path, tainted);
    }
    if (kind === "field" && value && typeof value === "object" && !Array.isArray(value)) return { ...value, [HOSTILE_STRINGS[pick % HOSTILE_STRINGS.length]!]: bad };
    // Prefer leaves and fields over the whole value.
    const path = paths.length > 1 ? paths[1 + (pick % (paths.length - 1))]! : [];
    return replaceAt(value, path, bad);
  });
}

/**
 * A procedure input: schema-valid, near-valid, hostile or random. `fixed`
 * sets fields the schemas declare (the organization the caller acts in).
 */
export function inputsOf(schemas: z.ZodType[], pools: Pools, fixed: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  const jsonSchemas = schemas.map(jsonSchemaOf);
  const declared = new Set(jsonSchemas.flatMap((s) => Object.keys(s.properties ?? {})));
  const parts = jsonSchemas.map((s) => arbitraryOf(s, pools));
  const merged = fc.tuple(...parts).map((values) => {
    const objects = values.filter((v) => v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date));
    return objects.length ? (Object.assign({}, ...objects) as unknown) : values.at(-1);
  });
  const withFixed = (value: fc.Arbitrary<unknown>) =>
    fc.tuple(value, fixed).map(([v, set]) => {
      if (!v || typeof v !== "object" || Array.isArray(v) || v instanceof Date) return v;
      return { ...v, ...Object.fromEntries(Object.entries(set).filter(([k]) => declared.has(k))) };
    });
  return fc.oneof(
    { weight: 5, arbitrary: withFixed(merged) },
    // Mutations of the fields the caller controls; the organization stays the caller's (or another tenant's).
    { weight: 4, arbitrary: withFixed(nearValid(merged)) },
    { weight: 1, arbitrary: nearValid(withFixed(merged)) },
    { weight: 1, arbitrary: fc.oneof(hostile, randomJson, withFixed(randomJson)) },
  );
}

/** Signs of an unhandled error leaking to a client: stack frames, driver and ORM messages. */
export const LEAK = /\n\s+at \S.*:\d+:\d+|"stack"\s*:|PrismaClient|prisma\.\w+\.\w+\(|invalid byte sequence|node_modules|\/src\/[\w/-]+\.ts/;
