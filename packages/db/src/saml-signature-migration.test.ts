/**
 * 20261207115000_saml_signature_requirements: connections made before it keep accepting either
 * signature (want_assertions_signed false, so their SP metadata says so), new ones require the
 * assertion's own signature, and no connection accepts SHA-1 until an admin opts in.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { migrate } from "./migrate.ts";
import { databaseUrl, withAdminClient } from "./testing.ts";

const MIGRATION = "20261207115000_saml_signature_requirements";
const { adminUrl } = inject("atriumDatabase");
const name = `atrium_saml_migration_${process.pid}_${Date.now()}`;

afterAll(async () => {
  await withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
});

describe(MIGRATION, () => {
  it("sets want_assertions_signed false on existing connections and true by default on new ones; allow_sha1_signatures false on both", async () => {
    await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    const url = databaseUrl(adminUrl, name);
    await migrate(url, { only: (migration) => migration < MIGRATION });
    const settings = `SELECT name, want_assertions_signed, allow_sha1_signatures FROM sso_connections ORDER BY name`;
    await withAdminClient(url, async (c) => {
      const org = await c.query<{ id: string }>(`INSERT INTO organizations (name, slug) VALUES ('Older', 'older') RETURNING id`);
      await c.query(`INSERT INTO sso_connections (organization_id, name, protocol, provider) VALUES ($1, 'a-before', 'saml', 'okta')`, [org.rows[0]!.id]);
    });
    expect(await migrate(url)).toContain(MIGRATION);
    const rows = await withAdminClient(url, async (c) => {
      const org = await c.query<{ id: string }>(`SELECT id FROM organizations WHERE slug = 'older'`);
      await c.query(`INSERT INTO sso_connections (organization_id, name, protocol, provider) VALUES ($1, 'b-after', 'saml', 'okta')`, [org.rows[0]!.id]);
      return (await c.query(settings)).rows;
    });
    expect(rows).toEqual([
      { name: "a-before", want_assertions_signed: false, allow_sha1_signatures: false },
      { name: "b-after", want_assertions_signed: true, allow_sha1_signatures: false },
    ]);
  });
});
