/**
 * Every tRPC procedure (enumerated from the router, like the access sweep)
 * called with generated input: values from its zod schema, near-valid
 * mutations (one field hostile: NUL bytes, lone surrogates, bidi marks, huge
 * strings and numbers, deep nesting), hostile values and random JSON. As the
 * owner of Acme (with real ids of Acme's and Globex's rows in the pools) and
 * as a member of Acme without permissions; staff procedures also as a
 * platform super admin. Asserts no 5xx, the JSON error shape without stack
 * traces, and Globex's data (every tenant table, its users, its audit chain
 * heads) unchanged by each procedure. Own database (startTestApi).
 */
import fc from "fast-check";
import superjson from "superjson";
import type { z } from "zod";
import { afterAll, describe, expect, it } from "vitest";
import { appRouter } from "../routers/index.ts";
import { startTestApi } from "../testing.ts";
import type { ProcedureMeta } from "../trpc/init.ts";
import { inputsOf, LEAK, runs, seedFor } from "./arbitraries.ts";
import { callerKeeper, fingerprint, poolsOf, tenantTables, treeOf } from "./tenant.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const globex = api.demo.organizations["globex"]!;
const owner = api.demo.users["admin@acme.example"]!;
const member = api.demo.users["lee.chen@acme.example"]!;
const root = api.demo.users["root@atrium.example"]!;
const acmeTree = await treeOf(api.db, acme);
const victimTree = await treeOf(api.db, globex);
const tables = await tenantTables(api.db);
const pools = await poolsOf(api.db, tables, [...acmeTree, ...victimTree]);
const restore = await callerKeeper(api.db, acmeTree, [owner, member, root]);

interface Procedure {
  path: string;
  type: "query" | "mutation" | "subscription";
  meta: ProcedureMeta | undefined;
  inputs: z.ZodType[];
}

const procedures: Procedure[] = Object.entries(appRouter._def.procedures).map(([path, procedure]) => {
  const def = (procedure as unknown as { _def: { type: Procedure["type"]; meta?: ProcedureMeta; inputs: z.ZodType[] } })._def;
  return { path, type: def.type, meta: def.meta, inputs: def.inputs };
});

const ADMIN_RUNS = runs(8);
const MEMBER_RUNS = runs(3);
const STAFF_RUNS = runs(6);
const cases = new Map<string, number>();
const passed = new Map<string, number>();
const statuses = new Map<number, number>();

/** The caller's organization most of the time; sometimes Globex, which must answer 404. */
const orgChoice = fc.oneof({ weight: 9, arbitrary: fc.constant(acme) }, { weight: 1, arbitrary: fc.constantFrom(...victimTree) }).map((orgId) => ({ orgId }));

/** superjson's encoding; for what the client refuses to encode (prototype-polluting keys), the plain JSON a hand-made request would carry. */
function serialize(input: unknown): string {
  try {
    return JSON.stringify(superjson.serialize(input));
  } catch {
    return JSON.stringify({ json: input }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Map || v instanceof Set ? [...v] : v));
  }
}

async function call(procedure: Procedure, token: string, input: unknown) {
  const encoded = serialize(input);
  const headers = { origin: api.url, cookie: `atrium_session=${token}` };
  const response =
    procedure.type === "query"
      ? await fetch(`${api.url}/trpc/${procedure.path}?input=${encodeURIComponent(encoded)}`, { headers })
      : await fetch(`${api.url}/trpc/${procedure.path}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: encoded });
  const body = await response.text();
  cases.set(procedure.path, (cases.get(procedure.path) ?? 0) + 1);
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  if (response.status < 300) passed.set(procedure.path, (passed.get(procedure.path) ?? 0) + 1);
  const shown = `${procedure.path} ${response.status} input=${encoded.slice(0, 300)} body=${body.slice(0, 500)}`;
  if (process.env["FUZZ_DEBUG"]) console.log(shown);
  expect(response.status, shown).toBeLessThan(500);
  expect(body, shown).not.toMatch(LEAK);
  // 431/414: Node refuses an overlong URL before any handler runs (no body).
  if (response.status >= 400 && response.status !== 431 && response.status !== 414) {
    const error = (JSON.parse(body) as { error?: { json?: { message?: unknown; data?: { httpStatus?: unknown } } } }).error?.json;
    expect(typeof error?.message, shown).toBe("string");
    expect(error?.data?.httpStatus, shown).toBe(response.status);
  }
}

async function fuzz(procedure: Procedure, as: string, token: () => string, numRuns: number) {
  await fc.assert(
    fc.asyncProperty(inputsOf(procedure.inputs, pools, orgChoice), async (input) => call(procedure, token(), input)),
    { numRuns, seed: seedFor(`${procedure.path} ${as}`), endOnFailure: true },
  );
}

afterAll(() => {
  const total = [...cases.values()].reduce((a, b) => a + b, 0);
  const reached = procedures.filter((p) => passed.has(p.path)).length;
  console.log(
    `tRPC fuzz: ${total} cases over ${cases.size} procedures; ${reached} procedures answered 2xx at least once; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
});

describe("tRPC fuzz", () => {
  it.each(procedures.map((p) => [p.path, p] as const))("%s: no 5xx, clean errors, no effect on another tenant", async (_path, procedure) => {
    let sessions = await restore();
    const before = await fingerprint(api.db, tables, victimTree);
    await fuzz(procedure, "owner", () => sessions[owner]!, ADMIN_RUNS);
    sessions = await restore();
    await fuzz(procedure, "member", () => sessions[member]!, MEMBER_RUNS);
    expect(await fingerprint(api.db, tables, victimTree), `${procedure.path} changed Globex's data`).toEqual(before);
    if (procedure.meta?.access === "staff") {
      sessions = await restore();
      await fuzz(procedure, "staff", () => sessions[root]!, STAFF_RUNS);
    }
  });

  it("fuzzed every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThan(100);
    expect(procedures.filter((p) => !cases.has(p.path)).map((p) => p.path)).toEqual([]);
  });
});
