import { formatDate, formatDateTime, formatNumber } from "@atrium/format";

/**
 * How a stored JSON value (an audit event's details, a before/after pair) reads as a key/value
 * view. Pure, so it is tested without a browser: a scalar becomes its text through the format
 * module, with the stored value kept beside it (`exact`) whenever the two differ, so nothing an
 * auditor may need is lost; objects keep their keys in stored order, arrays their order.
 */
export type KeyValueNode =
  | { kind: "text"; text: string; exact?: string; dim?: boolean }
  | { kind: "object"; entries: { key: string; node: KeyValueNode }[] }
  | { kind: "list"; items: KeyValueNode[] };

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

function text(shown: string, stored: string, dim = false): KeyValueNode {
  return { kind: "text", text: shown, ...(shown === stored ? {} : { exact: stored }), ...(dim ? { dim } : {}) };
}

/** The node for one value; `undefined` (a key one side of a diff lacks) reads "Not present". */
export function describeValue(value: unknown): KeyValueNode {
  if (value === undefined) return { kind: "text", text: "Not present", dim: true };
  if (value === null) return text("—", "null", true);
  if (typeof value === "boolean") return text(value ? "Yes" : "No", String(value));
  if (typeof value === "number" || typeof value === "bigint") return text(formatNumber(value), String(value));
  if (value instanceof Date) return text(formatDateTime(value, { seconds: true }), value.toISOString());
  if (typeof value === "string") {
    if (ISO_MOMENT.test(value) && !Number.isNaN(Date.parse(value))) return text(formatDateTime(value, { seconds: true }), value);
    if (ISO_DAY.test(value)) return text(formatDate(value), value);
    return value === "" ? text("Empty text", "\"\"", true) : { kind: "text", text: value };
  }
  if (Array.isArray(value)) return value.length === 0 ? text("Empty list", "[]", true) : { kind: "list", items: value.map(describeValue) };
  if (isRecord(value)) {
    const keys = Object.keys(value);
    return keys.length === 0 ? text("No fields", "{}", true) : { kind: "object", entries: keys.map((key) => ({ key, node: describeValue(value[key]) })) };
  }
  return { kind: "text", text: String(value) };
}

/** Whether two stored JSON values are the same (key order aside): a diff marks the others changed. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return false;
}

/** The exact stored JSON, indented, for "Copy as JSON" (a ticket, a SIEM); bigints as their digits. */
export function storedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}
