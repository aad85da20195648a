/**
 * The shared fixtures of the audited-mutations sweep (../mutations-audited.test.ts):
 * one demo API, the callers, and helpers that make what a case needs. Each
 * domain lists its mutations in its own `cases-<domain>.ts`.
 */
import { randomUUID } from "node:crypto";
import type { TestApi, TestClient } from "../testing.ts";

export interface Case {
  /** Who calls it for the successful call (default: the owner of Acme). */
  as?: () => Promise<TestClient> | TestClient;
  input: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** For public and signed-in procedures: how a refusal is provoked, or why none can be attributed. */
  refused?: { as: () => Promise<TestClient> | TestClient; input: () => Promise<Record<string, unknown>> | Record<string, unknown> } | { notAttributable: string };
  /** A mutation that changes nothing when it succeeds (a lookup or a dry run): why no event is expected then. */
  changesNothing?: string;
}

export interface Sweep {
  api: TestApi;
  /** Acme's id. */
  acme: string;
  owner: TestClient;
  /** A viewer of Acme: every write is refused. */
  viewer: TestClient;
  /** Platform super admin. */
  staff: TestClient;
  unique(prefix: string): string;
  newMember(role?: "admin" | "member" | "viewer", organizationId?: string): Promise<{ id: string; email: string }>;
  /** A new child organization of Acme (its id). */
  child(): Promise<string>;
  signedInAs(email: string): () => Promise<TestClient>;
  /** The TXT records the sweep's DNS answers (domain verification). */
  txtRecords: Map<string, string[][]>;
}

export function sweep(api: TestApi, owner: TestClient, viewer: TestClient, staff: TestClient, txtRecords: Map<string, string[][]>): Sweep {
  const acme = api.demo.organizations["acme"]!;
  let serial = 0;
  const unique = (prefix: string) => `${prefix}-${serial++}-${randomUUID().slice(0, 6)}`;
  return {
    api,
    acme,
    owner,
    viewer,
    staff,
    unique,
    async newMember(role = "member", organizationId = acme) {
      const user = await api.db.user.create({ data: { email: `${unique("person")}@acme.example`, name: "Sweep Person" }, select: { id: true, email: true } });
      await api.db.membership.create({ data: { organizationId, userId: user.id, role } });
      return user;
    },
    child: async () => (await owner.trpc.org.createChild.mutate({ orgId: acme, name: "Sweep child", slug: unique("sweep") })).id,
    signedInAs: (email) => () => api.signedIn(email),
    txtRecords,
  };
}
