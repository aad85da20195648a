/**
 * PATCH (RFC 7644 §3.5.2) applied to a resource document: `add`, `replace`
 * and `remove`, with and without `path`, sub-attributes and value filters on
 * multi-valued attributes. Tolerates what IdPs are known to send: ops in any
 * case ("Replace"), no-path values whose keys are paths ("name.givenName",
 * the enterprise URN prefix), and a `replace` through a `[type eq "…"]`
 * filter that matches nothing (Entra) adds that element.
 */
import { invalidPath, invalidSyntax, invalidValue, mutability, noTarget, ScimError } from "./errors.ts";
import { getCI, matches, parsePatchPath, type Filter, type PatchPath } from "./filter.ts";
import { resolveAttr, SCHEMAS_OF, type AttrDef, type ResolvedPath, type ResourceKind } from "./schema.ts";

export type Doc = Record<string, unknown>;
export type PatchOpName = "add" | "replace" | "remove";

export interface PatchOperation {
  op: PatchOpName;
  path?: string | undefined;
  value?: unknown;
}

const isObject = (v: unknown): v is Doc => v !== null && typeof v === "object" && !Array.isArray(v);

/** Validates the PatchOp message shape and normalizes each op's name. */
export function readPatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw invalidSyntax("The PATCH body must be a JSON object");
  const operations = getCI(body, "Operations");
  if (!Array.isArray(operations) || operations.length === 0) throw invalidSyntax("Operations must be a non-empty array");
  if (operations.length > 10_000) throw new ScimError(413, undefined, "Too many operations");
  return operations.map((raw, i) => {
    if (!isObject(raw)) throw invalidSyntax(`Operation ${i} must be an object`);
    const op = getCI(raw, "op");
    if (typeof op !== "string" || !["add", "replace", "remove"].includes(op.toLowerCase())) throw invalidSyntax(`Operation ${i} has an unknown op ${JSON.stringify(op)}`);
    const path = getCI(raw, "path");
    if (path !== undefined && path !== null && typeof path !== "string") throw invalidPath(`Operation ${i} has a path that is not a string`);
    return { op: op.toLowerCase() as PatchOpName, path: typeof path === "string" && path.trim() !== "" ? path : undefined, value: getCI(raw, "value") };
  });
}

export interface TargetPath extends PatchPath {
  resolved: ResolvedPath;
}

export function resolvePatchPath(kind: ResourceKind, text: string): TargetPath {
  let parsed: PatchPath;
  try {
    parsed = parsePatchPath(text);
  } catch (error) {
    if (error instanceof ScimError) throw invalidPath(error.detail);
    throw error;
  }
  const { path, sub } = parsed;
  const resolved = resolveAttr(kind, path.uri, path.attr, path.sub ?? sub);
  if (!resolved) throw invalidPath(`Unknown attribute path ${JSON.stringify(text)}`);
  if (parsed.filter && !resolved.attr.multiValued) throw invalidPath(`${resolved.attr.name} is not multi-valued; it cannot take a value filter`);
  if (resolved.attr.mutability === "readOnly" || resolved.sub?.mutability === "readOnly") throw mutability(`${resolved.attr.name} is read-only`);
  return { ...parsed, resolved };
}

/** Splits a no-path add/replace value into (path, value) pairs, expanding extension objects and dotted keys. */
export function expandNoPath(kind: ResourceKind, value: unknown): { path: string; value: unknown }[] {
  if (!isObject(value)) throw invalidValue("Without a path, the value must be an object of attributes");
  const out: { path: string; value: unknown }[] = [];
  const extensions = Object.keys(SCHEMAS_OF[kind].extensions).map((u) => u.toLowerCase());
  for (const [key, v] of Object.entries(value)) {
    if (key.toLowerCase() === "schemas") continue;
    if (extensions.includes(key.toLowerCase()) && isObject(v)) {
      for (const [sub, subValue] of Object.entries(v)) out.push({ path: `${key}:${sub}`, value: subValue });
    } else out.push({ path: key, value: v });
  }
  return out;
}

function containerFor(doc: Doc, resolved: ResolvedPath, create: boolean): Doc | undefined {
  if (!resolved.schema) return doc;
  const key = Object.keys(doc).find((k) => k.toLowerCase() === resolved.schema!.toLowerCase());
  if (key && isObject(doc[key])) return doc[key];
  if (!create) return undefined;
  const ext: Doc = {};
  doc[resolved.schema] = ext;
  return ext;
}

const keyOf = (obj: Doc, name: string) => Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;

function setCI(obj: Doc, name: string, value: unknown) {
  const existing = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  if (existing && existing !== name) delete obj[existing];
  obj[name] = value;
}

function deleteCI(obj: Doc, name: string) {
  for (const k of Object.keys(obj)) if (k.toLowerCase() === name.toLowerCase()) delete obj[k];
}

const sameValue = (a: unknown, b: unknown) => {
  const va = isObject(a) ? getCI(a, "value") : a;
  const vb = isObject(b) ? getCI(b, "value") : b;
  return va !== undefined && va !== null && JSON.stringify(va) === JSON.stringify(vb);
};

/** `type eq "work"`: the element a filtered replace may add when nothing matches. */
function seedOf(filter: Filter): Doc | null {
  if (filter.op === "eq" && typeof filter.value !== "object" && filter.path.sub === undefined) return { [filter.path.attr]: filter.value };
  if (filter.op === "and") {
    const l = seedOf(filter.left);
    const r = seedOf(filter.right);
    return l && r ? { ...l, ...r } : null;
  }
  return null;
}

/** Applies one operation to the document in place. */
export function applyOperation(kind: ResourceKind, doc: Doc, op: PatchOperation): void {
  if (!op.path) {
    if (op.op === "remove") throw noTarget("A remove operation needs a path");
    for (const { path, value } of expandNoPath(kind, op.value)) {
      const target = resolveAttrSafe(kind, path);
      if (!target) continue; // Unknown attributes in a no-path value are ignored, as on POST.
      applyOperation(kind, doc, { op: op.op, path, value });
    }
    return;
  }
  const target = resolvePatchPath(kind, op.path);
  const { resolved, filter } = target;
  const attr = resolved.attr;
  const sub = target.sub ?? (filter ? undefined : target.path.sub);
  const container = containerFor(doc, resolved, op.op !== "remove");
  if (!container) return; // removing from an absent extension: nothing to do
  const key = keyOf(container, attr.name);

  if (op.op === "remove") {
    if (filter) {
      const list = container[key];
      if (!Array.isArray(list)) return;
      if (sub) {
        for (const el of list) if (isObject(el) && matches(kind, el, filter, attr)) deleteCI(el, sub);
      } else setCI(container, attr.name, list.filter((el) => !(isObject(el) && matches(kind, el, filter, attr))));
      return;
    }
    if (sub) {
      const parent = container[key];
      if (isObject(parent)) deleteCI(parent, sub);
      else if (Array.isArray(parent)) for (const el of parent) if (isObject(el)) deleteCI(el, sub);
      return;
    }
    if (attr.multiValued && op.value !== undefined && op.value !== null) {
      // Entra: remove with a value array removes just those elements.
      const drop = Array.isArray(op.value) ? op.value : [op.value];
      const list = container[key];
      if (Array.isArray(list)) setCI(container, attr.name, list.filter((el) => !drop.some((d) => sameValue(el, d))));
      return;
    }
    if (attr.required) throw invalidValue(`${attr.name} is required and cannot be removed`);
    deleteCI(container, attr.name);
    return;
  }

  // add / replace
  if (op.value === undefined) throw invalidValue(`The ${op.op} operation on ${op.path} needs a value`);
  if (filter) {
    const list = Array.isArray(container[key]) ? (container[key] as unknown[]) : [];
    const hits = list.filter((el) => isObject(el) && matches(kind, el, filter, attr)) as Doc[];
    if (hits.length === 0) {
      const seed = seedOf(filter);
      if (!seed) throw noTarget(`No ${attr.name} value matches the filter in ${op.path}`);
      const element: Doc = sub ? { ...seed, [sub]: op.value } : { ...seed, ...(isObject(op.value) ? op.value : { value: op.value }) };
      setCI(container, attr.name, [...list, element]);
      return;
    }
    for (const el of hits) {
      if (sub) setCI(el, sub, op.value);
      else if (isObject(op.value)) Object.assign(el, op.value);
      else throw invalidValue(`${op.path} needs an object value`);
    }
    return;
  }
  if (sub && !attr.multiValued) {
    const parent = isObject(container[key]) ? (container[key] as Doc) : {};
    setCI(parent, sub, op.value);
    setCI(container, attr.name, parent);
    return;
  }
  if (sub && attr.multiValued) {
    const list = container[key];
    if (!Array.isArray(list) || list.length === 0) throw noTarget(`${attr.name} has no values to set ${sub} on`);
    for (const el of list) if (isObject(el)) setCI(el, sub, op.value);
    return;
  }
  if (attr.multiValued) {
    const incoming = Array.isArray(op.value) ? op.value : [op.value];
    if (op.op === "replace") {
      setCI(container, attr.name, incoming);
      return;
    }
    const list = Array.isArray(container[key]) ? [...(container[key] as unknown[])] : [];
    for (const v of incoming) if (!list.some((el) => sameValue(el, v))) list.push(v);
    setCI(container, attr.name, list);
    return;
  }
  if (attr.type === "complex" && isObject(op.value)) {
    const parent = isObject(container[key]) ? (container[key] as Doc) : {};
    for (const [k, v] of Object.entries(op.value)) setCI(parent, k, v);
    setCI(container, attr.name, parent);
    return;
  }
  setCI(container, attr.name, op.value);
}

function resolveAttrSafe(kind: ResourceKind, path: string): TargetPath | null {
  try {
    return resolvePatchPath(kind, path);
  } catch (error) {
    if (error instanceof ScimError) return null; // read-only or unknown keys in a no-path value are ignored
    throw error;
  }
}

export const attrDefs = (kind: ResourceKind): AttrDef[] => SCHEMAS_OF[kind].attributes;
