/**
 * Measurements of one Atrium target with no baseline beside them, judged
 * against a latency target: a batch of 100 checks to POST /v1/authorize, and
 * OIDC token introspection by the demo application. Same load as the
 * scenarios (warm-up discarded, then the measured time).
 */
import { DEMO_PASSWORD, type DemoData } from "@atrium/core/seed";
import { PERMISSIONS } from "@atrium/rbac";
import type { LoadTarget } from "./measure.ts";
import { clientBasic, demoAccessToken } from "./oidc-token.ts";
import type { ServerUrls } from "./scenario.ts";
import { AUTHORIZE_EMAIL, postJson, v1AuthorizeHeaders } from "./scenarios/v1-authorize.ts";
import { signIn } from "./trpc-session.ts";

export interface SoloMeasurement {
  name: string;
  summary: string;
  /** The p99 the issue asks for, in ms. */
  p99TargetMs: number;
  prepare(servers: ServerUrls, demo: DemoData): Promise<LoadTarget>;
}

/** Acme's four demo people (owner, admin, member, viewer). */
const ACME_PEOPLE = ["admin@acme.example", "sam.patel@acme.example", "lee.chen@acme.example", "auditor@acme.example"];

const authorizeBatch: SoloMeasurement = {
  name: "v1.authorize×100",
  summary: "POST /v1/authorize with 100 checks: 4 members of Acme × 25 permissions of the catalog",
  p99TargetMs: 25,
  async prepare(servers, demo) {
    const organizationId = demo.organizations["acme"]!;
    const permissions = PERMISSIONS.slice(0, 25).map((p) => p.name);
    const checks = ACME_PEOPLE.flatMap((email) => permissions.map((permission) => ({ principal: { type: "user", id: demo.users[email]! }, organizationId, permission })));
    const body = JSON.stringify({ checks });
    const answer = (await postJson(`${servers.trpc}/v1/authorize`, body)) as { results: { allowed: boolean }[] };
    if (answer.results.length !== 100) throw new Error(`v1.authorize×100 answered ${answer.results.length} decisions`);
    return { url: `${servers.trpc}/v1/authorize`, method: "POST", headers: v1AuthorizeHeaders, body };
  },
};

const introspection: SoloMeasurement = {
  name: "oidc.introspection",
  summary: "POST /oidc/token/introspection by demo-product (client_secret_basic) of its own active access token",
  p99TargetMs: 10,
  async prepare(servers, demo) {
    const cookie = await signIn(servers.trpc, AUTHORIZE_EMAIL, DEMO_PASSWORD);
    const token = await demoAccessToken(servers.trpc, cookie, demo.organizations["acme"]!);
    const target = {
      url: `${servers.trpc}/oidc/token/introspection`,
      method: "POST" as const,
      headers: { authorization: clientBasic(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }).toString(),
    };
    const answer = (await postJson(target.url, target.body, target.headers)) as { active?: boolean };
    if (answer.active !== true) throw new Error(`introspection of a fresh token answered ${JSON.stringify(answer)}`);
    return target;
  },
};

export const SOLO_MEASUREMENTS: SoloMeasurement[] = [authorizeBatch, introspection];
