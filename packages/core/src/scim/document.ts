/**
 * Resource documents: what a client sent, made canonical against the schema
 * (attribute names in their defined case, unknown and read-only attributes
 * dropped, "True"/"False" strings as booleans, single values of multi-valued
 * attributes wrapped, a bare string for a complex attribute with a `value`
 * sub-attribute read as `{ value }`), and the projection of served resources through
 * `attributes` / `excludedAttributes`.
 */
import { invalidValue } from "./errors.ts";
import { getCI, parseAttrPath } from "./filter.ts";
import { findAttr, SCHEMAS_OF, type AttrDef, type ResourceKind } from "./schema.ts";

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => v !== null && typeof v === "object" && !Array.isArray(v);
const MAX_STRING = 2048;
const MAX_VALUES = 100;

function coerce(def: AttrDef, value: unknown, where: string): unknown {
  if (value === null || value === undefined) return undefined;
  switch (def.type) {
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
      throw invalidValue(`${where} must be a boolean`);
    case "complex": {
      // Entra sends the Enterprise `manager` (and some clients multi-valued elements) as a bare id or value:
      // read it as `{ value }` when the attribute has a `value` sub-attribute.
      if ((typeof value === "string" || typeof value === "number") && findAttr(def.subAttributes, "value")) value = { value: String(value) };
      if (!isObject(value)) throw invalidValue(`${where} must be an object`);
      const out: Doc = {};
      for (const [k, v] of Object.entries(value)) {
        const sub = findAttr(def.subAttributes, k);
        if (!sub || sub.mutability === "readOnly") continue;
        const c = coerce(sub, v, `${where}.${sub.name}`);
        if (c !== undefined) out[sub.name] = c;
      }
      return out;
    }
    case "integer":
    case "decimal":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      throw invalidValue(`${where} must be a number`);
    default:
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      if (typeof value !== "string") throw invalidValue(`${where} must be a string`);
      if (value.length > MAX_STRING) throw invalidValue(`${where} is longer than ${MAX_STRING} characters`);
      return value;
  }
}

function canonicalAttrs(defs: AttrDef[], input: Doc, where: string): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(input)) {
    const def = findAttr(defs, k);
    if (!def || def.mutability === "readOnly" || def.name === "id") continue;
    if (def.multiValued) {
      if (v === null || v === undefined) continue;
      const list = Array.isArray(v) ? v : [v];
      if (list.length > MAX_VALUES) throw invalidValue(`${def.name} has more than ${MAX_VALUES} values`);
      const element: AttrDef = { ...def, multiValued: false };
      const values = list.map((e, i) => coerce(element, e, `${where}${def.name}[${i}]`)).filter((e) => e !== undefined);
      // At most one primary value (RFC 7643 §2.4): the first one wins.
      let primary = false;
      for (const e of values) {
        if (isObject(e) && e["primary"] === true) {
          if (primary) e["primary"] = false;
          primary = true;
        }
      }
      if (values.length) out[def.name] = values;
    } else {
      const c = coerce(def, v, `${where}${def.name}`);
      if (c !== undefined) out[def.name] = c;
    }
  }
  return out;
}

/** The canonical document of a User or Group body (without id, meta, groups, schemas). */
export function canonicalize(kind: ResourceKind, body: unknown): Doc {
  if (!isObject(body)) throw invalidValue("The resource must be a JSON object");
  const schemas = SCHEMAS_OF[kind];
  const doc = canonicalAttrs(schemas.attributes.filter((a) => a.name !== "meta"), body, "");
  for (const [uri, defs] of Object.entries(schemas.extensions)) {
    const ext = getCI(body, uri);
    if (isObject(ext)) {
      const c = canonicalAttrs(defs, ext, `${uri}:`);
      if (Object.keys(c).length) doc[uri] = c;
    }
  }
  const required = schemas.attributes.filter((a) => a.required);
  for (const r of required) {
    const v = doc[r.name];
    if (typeof v !== "string" || v.trim() === "") throw invalidValue(`${r.name} is required`);
  }
  return doc;
}

export interface Projection {
  attributes?: string[] | undefined;
  excludedAttributes?: string[] | undefined;
}

export function readProjection(query: Record<string, unknown>): Projection {
  const list = (v: unknown) =>
    typeof v === "string" && v.trim() !== ""
      ? v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
  return { attributes: list(getCI(query, "attributes")), excludedAttributes: list(getCI(query, "excludedAttributes")) };
}

/** Applies attributes / excludedAttributes to a served resource; id and schemas are always returned. */
export function project(kind: ResourceKind, resource: Doc, projection: Projection): Doc {
  const core = SCHEMAS_OF[kind].core.toLowerCase();
  const split = (path: string) => {
    const p = parseAttrPath(path);
    const uri = p.uri && p.uri.toLowerCase() !== core ? Object.keys(resource).find((k) => k.toLowerCase() === p.uri!.toLowerCase()) : undefined;
    return { ...p, container: uri };
  };
  const safe = (paths: string[]) =>
    paths.flatMap((path) => {
      try {
        return [split(path)];
      } catch {
        return [];
      }
    });
  if (projection.attributes?.length) {
    const out: Doc = { schemas: resource["schemas"], id: resource["id"] };
    for (const p of safe(projection.attributes)) {
      // A bare extension URN asks for the whole extension.
      const whole = Object.keys(resource).find((k) => k.toLowerCase() === `${p.uri ?? ""}:${p.attr}`.toLowerCase());
      if (whole) {
        out[whole] = resource[whole];
        continue;
      }
      const source = p.container ? (resource[p.container] as Doc | undefined) : resource;
      if (!isObject(source)) continue;
      const key = Object.keys(source).find((k) => k.toLowerCase() === p.attr.toLowerCase());
      if (!key) continue;
      const target = p.container ? ((out[p.container] as Doc | undefined) ?? (out[p.container] = {})) : out;
      const value = source[key];
      if (p.sub && isObject(value)) {
        const subKey = Object.keys(value).find((k) => k.toLowerCase() === p.sub!.toLowerCase());
        if (subKey) target[key] = { ...((target[key] as Doc | undefined) ?? {}), [subKey]: value[subKey] };
      } else if (p.sub && Array.isArray(value)) {
        target[key] = value.map((e) => (isObject(e) ? Object.fromEntries(Object.entries(e).filter(([k]) => k.toLowerCase() === p.sub!.toLowerCase())) : e));
      } else target[key] = value;
    }
    return out;
  }
  if (projection.excludedAttributes?.length) {
    const out: Doc = structuredClone(resource);
    for (const p of safe(projection.excludedAttributes)) {
      if (!p.container && (p.attr === "id" || p.attr === "schemas")) continue;
      const source = p.container ? (out[p.container] as Doc | undefined) : out;
      if (!isObject(source)) continue;
      const key = Object.keys(source).find((k) => k.toLowerCase() === p.attr.toLowerCase());
      if (!key) continue;
      const value = source[key];
      if (p.sub && isObject(value)) delete value[Object.keys(value).find((k) => k.toLowerCase() === p.sub!.toLowerCase()) ?? ""];
      else if (!p.sub) delete source[key];
    }
    return out;
  }
  return resource;
}
