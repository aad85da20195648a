import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { systemActor } from "../actor.ts";
import { createAlertRule } from "../audit/alerts.ts";
import { saveStream } from "../audit/streaming.ts";
import { startEnrollment } from "../mfa/factor.ts";
import { activeLicenseKey, rotateLicenseKeys } from "../licensing/keys.ts";
import { ensureSigningKeys } from "../oidc-provider/signing-keys.ts";
import { createConnection } from "../sso/connections.ts";
import { createEndpoint, rotateEndpointSecret } from "../events/endpoints.ts";
import { DEV_ENCRYPTION_KEY, SecretBox, secrets } from "./box.ts";
import { rotateSecrets } from "./rotate.ts";
import { SEALED_COLUMNS, SEALED_VALUE, sealedColumnName } from "./sealed-columns.ts";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { db, demo } = await createDemoTestDatabase();
const actor = systemActor("test");

// The services seal with the process-wide box: key A is the development key (no ATRIUM_ENCRYPTION_KEY in tests).
const keyA = DEV_ENCRYPTION_KEY;
const keyB = randomBytes(32).toString("base64");
const keyAId = secrets().currentKeyId;
expect(keyAId).toBe(new SecretBox([keyA]).currentKeyId);

// One sealed value in every registered column, written by the services that own them.
const acme = demo.organizations["acme"]!;
const globex = demo.organizations["globex"]!;
const plaintexts = new Map<string, string>(); // `${column}:${id}` → plaintext
for (const [email, org] of [["admin@acme.example", acme], ["it@globex.example", globex]] as const) {
  const userId = demo.users[email]!;
  await startEnrollment(db, { id: userId, email });
  const rule = await createAlertRule(db, actor, org, {
    name: "Denied", actions: ["access.*"], status: "denied", threshold: 1, windowSeconds: 0, notifyAdmins: true, webhookUrl: "https://hooks.example.com/atrium",
  });
  plaintexts.set(`audit_alert_rules.webhook_secret:${rule.id}`, rule.webhookSecret!);
  await saveStream(db, actor, org, { kind: "splunk_hec", url: "https://splunk.example.com/services/collector", credential: `hec-token-${org}`, enabled: true, batchSize: 100 });
  plaintexts.set(`audit_stream_destinations.credential:${org}`, `hec-token-${org}`);
  const connection = await createConnection(db, actor, org, {
    name: "Corporate OIDC", provider: "generic_oidc", protocol: "oidc",
    oidc: { issuer: "https://idp.example.com", authorizationUrl: "https://idp.example.com/auth", tokenUrl: "https://idp.example.com/token", jwksUrl: "https://idp.example.com/jwks", clientId: "atrium", clientSecret: `client-secret-${org}` },
  });
  plaintexts.set(`sso_connections.oidc_client_secret:${connection.id}`, `client-secret-${org}`);
  // A SAML connection gets its SP key pair (the private key sealed) when it is created.
  await createConnection(db, actor, org, { name: "Corporate SAML", provider: "generic_saml", protocol: "saml" });
  // A webhook endpoint, rotated with an overlap: its secret and its previous secret are sealed.
  const application = demo.applications["demo-product"]!;
  const endpoint = await createEndpoint(db, actor, application, { url: `https://hooks.example.com/${org}`, description: "", eventTypes: [], enabled: true });
  const rotated = await rotateEndpointSecret(db, actor, application, endpoint.id, 3600);
  plaintexts.set(`webhook_endpoints.secret:${endpoint.id}`, rotated.secret);
  plaintexts.set(`webhook_endpoints.previous_secret:${endpoint.id}`, endpoint.secret);
}

// The OpenID Provider's first active and next signing keys.
await ensureSigningKeys(db);
// The licence signing keys: the first active one and, after a rotation, the one still verifying.
await activeLicenseKey(db, actor);
await rotateLicenseKeys(db, actor);

type Sealed = { column: string; id: string; sealed: string };

/** Every value of every registered column. */
async function sealedValues(): Promise<Sealed[]> {
  const all: Sealed[] = [];
  for (const c of SEALED_COLUMNS) {
    const rows = await db.$queryRawUnsafe<{ id: string; sealed: string }[]>(
      `SELECT "${c.idColumn}"::text AS id, "${c.column}" AS sealed FROM "${c.table}" WHERE "${c.column}" IS NOT NULL ORDER BY 1`,
    );
    all.push(...rows.map((r) => ({ column: sealedColumnName(c), id: r.id, sealed: r.sealed })));
  }
  return all;
}

const open = (box: SecretBox, v: Sealed) => box.decrypt(v.sealed, SEALED_COLUMNS.find((c) => sealedColumnName(c) === v.column)!.context(v.id));

describe("secrets rotation", () => {
  it("finds no sealed value outside the registry's columns (every text column of every table scanned)", async () => {
    const columns = await db.$queryRaw<{ table: string; column: string }[]>`
      SELECT c.table_name AS table, c.column_name AS column FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
       WHERE c.table_schema = current_schema() AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`;
    const found = new Set<string>();
    for (const { table, column } of columns) {
      const [hit] = await db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text ~ '(^|[^A-Za-z0-9_])v1\\.[0-9a-f]{8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{16,}'`,
      );
      if (hit!.n > 0) found.add(`${table}.${column}`);
    }
    expect([...found].sort()).toEqual(SEALED_COLUMNS.map(sealedColumnName).sort());
  });

  it("re-encrypts every sealed value under the new key; a second run changes nothing", async () => {
    const before = await sealedValues();
    expect(before).toHaveLength(2 * SEALED_COLUMNS.length);
    expect(before.every((v) => SEALED_VALUE.test(v.sealed) && v.sealed.startsWith(`v1.${keyAId}.`))).toBe(true);

    const dry = await rotateSecrets(db, new SecretBox([keyB, keyA]), { dryRun: true, batchSize: 1 });
    expect(dry.columns.map((c) => [c.column, c.total, c.stale, c.rotated])).toEqual(SEALED_COLUMNS.map((c) => [sealedColumnName(c), 2, 2, 0]));
    expect(await sealedValues()).toEqual(before);

    const ring = new SecretBox([keyB, keyA]);
    const report = await rotateSecrets(db, ring, { batchSize: 1 });
    expect(report.refused).toBe(false);
    expect(report.failures).toEqual([]);
    expect(report.columns.map((c) => [c.column, c.rotated])).toEqual(SEALED_COLUMNS.map((c) => [sealedColumnName(c), 2]));

    const after = await sealedValues();
    const onlyB = new SecretBox([keyB]);
    expect(after.map((v) => v.sealed.split(".")[1])).toEqual(after.map(() => onlyB.currentKeyId));
    for (const v of after) {
      const old = before.find((b) => b.column === v.column && b.id === v.id)!;
      expect(open(onlyB, v)).toBe(open(new SecretBox([keyA]), old));
      const plaintext = plaintexts.get(`${v.column}:${v.id}`);
      if (plaintext) expect(open(onlyB, v)).toBe(plaintext);
    }
    const stream = await db.auditStreamDestination.findUniqueOrThrow({ where: { organizationId: acme }, select: { credentialKeyId: true } });
    expect(stream.credentialKeyId).toBe(onlyB.currentKeyId);

    const [event] = await db.auditEvent.findMany({ where: { action: "secrets.rotate" }, orderBy: { seq: "desc" }, take: 1 });
    expect(event).toMatchObject({ organizationId: null, actorType: "system", actorLabel: "secrets-rotate", status: "success", resourceId: onlyB.currentKeyId });
    expect(event!.details).toMatchObject({ columns: { "user_totp.secret_sealed": { total: 2, rotated: 2 }, "sso_connections.oidc_client_secret": { total: 2, rotated: 2 } } });

    const again = await rotateSecrets(db, ring, { batchSize: 1 });
    expect(again.columns.map((c) => c.rotated)).toEqual(SEALED_COLUMNS.map(() => 0));
    expect(await sealedValues()).toEqual(after);
  });

  it("refuses when a value does not open with the known keys, names the row and changes nothing", async () => {
    const keyC = randomBytes(32).toString("base64");
    const [rule] = await db.auditAlertRule.findMany({ where: { organizationId: globex }, select: { id: true } });
    // A value sealed with a key the ring lacks, and one copied from another row (its context does not match).
    await db.auditAlertRule.update({ where: { id: rule!.id }, data: { webhookSecret: new SecretBox([keyC]).encrypt("lost", `audit_alert_rules.webhook_secret:${rule!.id}`) } });
    const acmeConnection = await db.ssoConnection.findFirstOrThrow({ where: { organizationId: acme }, select: { oidcClientSecret: true } });
    const globexConnection = await db.ssoConnection.findFirstOrThrow({ where: { organizationId: globex }, select: { id: true } });
    await db.ssoConnection.update({ where: { id: globexConnection.id }, data: { oidcClientSecret: acmeConnection.oidcClientSecret } });
    // A stale value elsewhere, which a refused run must leave stale.
    await startEnrollment(db, { id: demo.users["admin@acme.example"]!, email: "admin@acme.example" });
    const before = await sealedValues();

    const keyD = randomBytes(32).toString("base64");
    const report = await rotateSecrets(db, new SecretBox([keyD, keyB, keyA]));
    expect(report.refused).toBe(true);
    expect(report.failures.map((f) => [f.column, f.id])).toEqual([
      ["audit_alert_rules.webhook_secret", rule!.id],
      ["sso_connections.oidc_client_secret", globexConnection.id],
    ]);
    expect(report.failures[0]!.reason).toMatch(/not configured/);
    expect(await sealedValues()).toEqual(before);
    const [event] = await db.auditEvent.findMany({ where: { action: "secrets.rotate" }, orderBy: { seq: "desc" }, take: 1 });
    expect(event).toMatchObject({ organizationId: null, status: "error" });
  });
});
