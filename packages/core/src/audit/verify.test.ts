import { createTestDatabase } from "@atrium/db/testing";
import { describe, expect, it } from "vitest";
import { systemActor } from "../actor.ts";
import { verifyAuditChain } from "./verify.ts";
import { recordAudit } from "./writer.ts";

const { db } = await createTestDatabase();
const org = await db.organization.create({ data: { name: "Verify Co", slug: "verify-co" }, select: { id: true } });
for (let n = 0; n < 5; n++) {
  await recordAudit(db, systemActor("test"), {
    action: "org.create",
    organizationId: org.id,
    resource: { type: "organization", id: org.id },
    details: { n },
  });
}

describe("verifyAuditChain", () => {
  it("reports personal data changed behind the log's back, though the chain itself holds", async () => {
    const other = await db.organization.create({ data: { name: "Personal Co", slug: "personal-co" }, select: { id: true } });
    await recordAudit(db, { ...systemActor("test"), ip: "192.0.2.1" }, {
      action: "org.create",
      organizationId: other.id,
      resource: { type: "organization", id: other.id },
      personal: { email: "ada@example.com" },
    });
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`ALTER TABLE audit_events DISABLE TRIGGER USER`);
      await tx.$executeRaw`UPDATE audit_events SET ip = '203.0.113.66' WHERE organization_id = ${other.id}::uuid`;
      await tx.$executeRawUnsafe(`ALTER TABLE audit_events ENABLE TRIGGER USER`);
    });
    expect(await verifyAuditChain(db, other.id)).toMatchObject({ ok: false, firstBroken: { seq: 1, problem: "personal" } });
  });

  it("accepts an untouched chain", async () => {
    expect(await verifyAuditChain(db, org.id)).toEqual({ ok: true, checked: 5 });
  });

  it("reports the first event whose content was changed behind the log's back", async () => {
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`ALTER TABLE audit_events DISABLE TRIGGER USER`);
      await tx.$executeRaw`UPDATE audit_events SET details = '{"n": 99}' WHERE organization_id = ${org.id}::uuid AND seq = 3`;
      await tx.$executeRawUnsafe(`ALTER TABLE audit_events ENABLE TRIGGER USER`);
    });
    const result = await verifyAuditChain(db, org.id);
    expect(result).toMatchObject({ ok: false, checked: 5, firstBroken: { seq: 3, problem: "hash" } });
  });
});
