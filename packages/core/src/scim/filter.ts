/**
 * SCIM filters (RFC 7644 §3.4.2.2): a small recursive-descent parser and an
 * evaluator over stored resources. Precedence: `not` > `and` > `or`;
 * parentheses group; `attr[filter]` is a value path over a multi-valued
 * attribute. String comparisons follow each attribute's `caseExact`; dates
 * compare as instants. Every malformed input is a ScimError (400), never a
 * thrown TypeError, and parsing is bounded in length and depth.
 */
import { invalidFilter } from "./errors.ts";
import { resolveAttr, type AttrDef, type ResourceKind } from "./schema.ts";

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";
export type Literal = string | number | boolean | null;

export interface AttrPath {
  uri?: string | undefined;
  attr: string;
  sub?: string | undefined;
}

export type Filter =
  | { op: "and" | "or"; left: Filter; right: Filter }
  | { op: "not"; filter: Filter }
  | { op: "pr"; path: AttrPath }
  | { op: CompareOp; path: AttrPath; value: Literal }
  | { op: "has"; path: AttrPath; filter: Filter };

const MAX_FILTER_LENGTH = 4096;
const MAX_DEPTH = 32;
const COMPARE_OPS = new Set(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);

type Token = { kind: "word"; text: string } | { kind: "string"; text: string } | { kind: "punct"; text: "(" | ")" | "[" | "]" };

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if (c === "(" || c === ")" || c === "[" || c === "]") {
      tokens.push({ kind: "punct", text: c });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < input.length && input[j] !== '"') j += input[j] === "\\" ? 2 : 1;
      if (j >= input.length) throw invalidFilter("Unterminated string in filter");
      try {
        tokens.push({ kind: "string", text: JSON.parse(input.slice(i, j + 1)) as string });
      } catch {
        throw invalidFilter("Invalid string literal in filter");
      }
      i = j + 1;
    } else {
      const match = /^[A-Za-z0-9_:.$+-]+/.exec(input.slice(i, i + 512));
      if (!match) throw invalidFilter(`Unexpected character ${JSON.stringify(c)} in filter`);
      tokens.push({ kind: "word", text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/** `urn:…:User:name.givenName` → uri, attr, sub. */
export function parseAttrPath(text: string): AttrPath {
  let uri: string | undefined;
  let rest = text;
  if (/^urn:/i.test(text)) {
    const cut = text.lastIndexOf(":");
    uri = text.slice(0, cut);
    rest = text.slice(cut + 1);
  }
  const parts = rest.split(".");
  if (parts.length > 2 || parts.some((p) => !/^\$?[A-Za-z][A-Za-z0-9_-]*$/.test(p))) throw invalidFilter(`Invalid attribute path ${JSON.stringify(text)}`);
  return { uri, attr: parts[0]!, sub: parts[1] };
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private isWord(word: string): boolean {
    const t = this.peek();
    return t?.kind === "word" && t.text.toLowerCase() === word;
  }
  private expectPunct(p: string) {
    const t = this.tokens[this.pos++];
    if (t?.kind !== "punct" || t.text !== p) throw invalidFilter(`Expected "${p}" in filter`);
  }

  parse(): Filter {
    const filter = this.or();
    if (this.pos < this.tokens.length) throw invalidFilter("Unexpected input after the end of the filter");
    return filter;
  }

  private enter() {
    if (++this.depth > MAX_DEPTH) throw invalidFilter("Filter nested too deeply");
  }

  or(): Filter {
    let left = this.and();
    while (this.isWord("or")) {
      this.pos++;
      left = { op: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): Filter {
    let left = this.unary();
    while (this.isWord("and")) {
      this.pos++;
      left = { op: "and", left, right: this.unary() };
    }
    return left;
  }

  private unary(): Filter {
    this.enter();
    try {
      if (this.isWord("not")) {
        this.pos++;
        this.expectPunct("(");
        const filter = this.or();
        this.expectPunct(")");
        return { op: "not", filter };
      }
      const t = this.peek();
      if (t?.kind === "punct" && t.text === "(") {
        this.pos++;
        const filter = this.or();
        this.expectPunct(")");
        return filter;
      }
      return this.attrExp();
    } finally {
      this.depth--;
    }
  }

  private attrExp(): Filter {
    const t = this.tokens[this.pos++];
    if (t?.kind !== "word") throw invalidFilter("Expected an attribute name in filter");
    const path = parseAttrPath(t.text);
    const next = this.peek();
    if (next?.kind === "punct" && next.text === "[") {
      if (path.sub) throw invalidFilter("A value filter applies to an attribute, not a sub-attribute");
      this.pos++;
      const filter = this.or();
      this.expectPunct("]");
      return { op: "has", path, filter };
    }
    const opToken = this.tokens[this.pos++];
    if (opToken?.kind !== "word") throw invalidFilter(`Expected an operator after ${t.text}`);
    const op = opToken.text.toLowerCase();
    if (op === "pr") return { op: "pr", path };
    if (!COMPARE_OPS.has(op)) throw invalidFilter(`Unknown operator ${JSON.stringify(opToken.text)}`);
    const v = this.tokens[this.pos++];
    if (!v || v.kind === "punct") throw invalidFilter(`Expected a value after ${opToken.text}`);
    let value: Literal;
    if (v.kind === "string") value = v.text;
    else if (v.text === "true" || v.text === "false") value = v.text === "true";
    else if (v.text === "null") value = null;
    else if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v.text)) value = Number(v.text);
    else throw invalidFilter(`Invalid value ${JSON.stringify(v.text)} (strings are quoted)`);
    return { op: op as CompareOp, path, value };
  }

  /** For PATCH paths: parses a filter up to a closing "]" and returns the position after it. */
  bracketed(): { filter: Filter; end: number } {
    const filter = this.or();
    this.expectPunct("]");
    return { filter, end: this.pos };
  }
}

export function parseFilter(input: string): Filter {
  if (input.length > MAX_FILTER_LENGTH) throw invalidFilter(`Filters are limited to ${MAX_FILTER_LENGTH} characters`);
  if (input.trim() === "") throw invalidFilter("The filter is empty");
  return new Parser(lex(input)).parse();
}

/** A PATCH path (RFC 7644 §3.5.2): attrPath, or valuePath with an optional sub-attribute. */
export interface PatchPath {
  path: AttrPath;
  filter?: Filter | undefined;
  /** The sub-attribute after a value filter: `emails[type eq "work"].value`. */
  sub?: string | undefined;
}

export function parsePatchPath(input: string): PatchPath {
  if (input.length > MAX_FILTER_LENGTH) throw invalidFilter("The path is too long");
  const open = input.indexOf("[");
  try {
    if (open < 0) return { path: parseAttrPath(input.trim()) };
    const path = parseAttrPath(input.slice(0, open).trim());
    const close = input.lastIndexOf("]");
    if (close < open) throw invalidFilter("Unclosed value filter in path");
    const filter = parseFilter(input.slice(open + 1, close));
    const rest = input.slice(close + 1).trim();
    if (rest !== "" && !/^\.[A-Za-z$][A-Za-z0-9_$-]*$/.test(rest)) throw invalidFilter("Invalid sub-attribute after the value filter");
    return { path, filter, sub: rest ? rest.slice(1) : undefined };
  } catch (error) {
    if (error instanceof Error && "scimType" in error) throw Object.assign(error, { scimType: "invalidPath" });
    throw error;
  }
}

// ——— evaluation ———

type Json = unknown;

/** Reads an attribute case-insensitively. */
export function getCI(obj: Json, name: string): Json {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function valuesAt(kind: ResourceKind, resource: Json, path: AttrPath, base?: AttrDef): { values: Json[]; def: AttrDef | undefined } {
  let def: AttrDef | undefined;
  let container: Json = resource;
  if (base) {
    def = base.subAttributes?.find((d) => d.name.toLowerCase() === path.attr.toLowerCase());
  } else {
    const resolved = resolveAttr(kind, path.uri, path.attr, path.sub);
    def = resolved?.sub ?? resolved?.attr;
    if (resolved?.schema) container = getCI(resource, resolved.schema);
  }
  let value = getCI(container, path.attr);
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  if (path.sub !== undefined && !base) {
    return { values: list.map((v) => getCI(v, path.sub!)).filter((v) => v !== undefined && v !== null), def };
  }
  // A complex multi-valued attribute compared directly compares its `value`.
  if (def?.type === "complex" && !(path.sub !== undefined)) {
    value = list.map((v) => getCI(v, "value")).filter((v) => v !== undefined && v !== null);
    return { values: value as Json[], def: def.subAttributes?.find((d) => d.name === "value") ?? def };
  }
  return { values: list, def };
}

function compare(op: CompareOp, actual: Json, expected: Literal, def: AttrDef | undefined): boolean {
  if (expected === null) return op === "ne" ? actual !== null && actual !== undefined : actual === null || actual === undefined;
  if (typeof expected === "boolean") {
    if (op !== "eq" && op !== "ne") throw invalidFilter(`Operator ${op} does not apply to booleans`);
    const a = typeof actual === "string" ? actual.toLowerCase() === "true" : actual;
    return op === "eq" ? a === expected : a !== expected;
  }
  if (typeof expected === "number") {
    if (op === "co" || op === "sw" || op === "ew") throw invalidFilter(`Operator ${op} does not apply to numbers`);
    const a = typeof actual === "number" ? actual : Number(actual);
    if (Number.isNaN(a)) return op === "ne";
    return numericCompare(op, a, expected);
  }
  if (typeof actual !== "string") {
    if (typeof actual === "number" || typeof actual === "boolean") return compare(op, String(actual), expected, def);
    return op === "ne";
  }
  if (def?.type === "dateTime" && (op === "gt" || op === "ge" || op === "lt" || op === "le" || op === "eq" || op === "ne")) {
    const a = Date.parse(actual);
    const e = Date.parse(expected);
    if (Number.isNaN(e)) throw invalidFilter(`${JSON.stringify(expected)} is not a date`);
    return numericCompare(op, a, e);
  }
  const exact = def?.caseExact ?? false;
  const a = exact ? actual : actual.toLowerCase();
  const e = exact ? expected : expected.toLowerCase();
  switch (op) {
    case "eq":
      return a === e;
    case "ne":
      return a !== e;
    case "co":
      return a.includes(e);
    case "sw":
      return a.startsWith(e);
    case "ew":
      return a.endsWith(e);
    default:
      return numericCompare(op, a < e ? -1 : a > e ? 1 : 0, 0);
  }
}

function numericCompare(op: CompareOp, a: number, e: number): boolean {
  switch (op) {
    case "eq":
      return a === e;
    case "ne":
      return a !== e;
    case "gt":
      return a > e;
    case "ge":
      return a >= e;
    case "lt":
      return a < e;
    case "le":
      return a <= e;
    default:
      throw invalidFilter(`Operator ${op} does not apply to numbers or dates`);
  }
}

/** Whether a resource (as served) matches a filter; `base` evaluates inside a value filter. */
export function matches(kind: ResourceKind, resource: Json, filter: Filter, base?: AttrDef): boolean {
  switch (filter.op) {
    case "and":
      return matches(kind, resource, filter.left, base) && matches(kind, resource, filter.right, base);
    case "or":
      return matches(kind, resource, filter.left, base) || matches(kind, resource, filter.right, base);
    case "not":
      return !matches(kind, resource, filter.filter, base);
    case "has": {
      const resolved = base ? undefined : resolveAttr(kind, filter.path.uri, filter.path.attr);
      const container = resolved?.schema ? getCI(resource, resolved.schema) : resource;
      const value = getCI(container, filter.path.attr);
      const list = Array.isArray(value) ? value : value && typeof value === "object" ? [value] : [];
      return list.some((element) => matches(kind, element, filter.filter, resolved?.attr ?? { name: filter.path.attr, type: "complex", description: "" }));
    }
    case "pr": {
      const { values } = valuesAt(kind, resource, filter.path, base);
      return values.some((v) => v !== "" && !(Array.isArray(v) && v.length === 0) && !(typeof v === "object" && v !== null && Object.keys(v).length === 0));
    }
    default: {
      const { values, def } = valuesAt(kind, resource, filter.path, base);
      if (filter.op === "ne") return !values.some((v) => compare("eq", v, filter.value, def)) && (filter.value !== null || values.length > 0);
      if (filter.value === null && filter.op === "eq") return values.length === 0;
      return values.some((v) => compare(filter.op as CompareOp, v, filter.value, def));
    }
  }
}

/** The simple `attr eq "value"` filters an index answers (userName, externalId, id, displayName). */
export function indexedEquality(filter: Filter): { attr: string; value: string } | null {
  if (filter.op !== "eq" || typeof filter.value !== "string" || filter.path.sub !== undefined) return null;
  return { attr: filter.path.attr.toLowerCase(), value: filter.value };
}
