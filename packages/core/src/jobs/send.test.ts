/**
 * `send(tx, queue, payload)`: a payload the queue's schema refuses never
 * reaches pg-boss; a good one is written in the caller's transaction, so it
 * exists exactly when that transaction commits.
 */
import { createTestDatabase } from "@atrium/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { BOSS_SCHEMA, QUEUES } from "./catalogue.ts";
import { createJobSender, InvalidJobPayload } from "./send.ts";

const { db, url } = await createTestDatabase();
const sender = createJobSender(url, "atrium-test");
afterAll(() => sender.stop());

const ORG = "7f1d3c9e-2b4a-4c8e-9f00-000000000001";
const USER = "7f1d3c9e-2b4a-4c8e-9f00-000000000002";

async function scimJobs(): Promise<{ id: string; data: unknown }[]> {
  return db.$queryRawUnsafe(`SELECT id::text, data FROM ${BOSS_SCHEMA}.job WHERE name = $1 ORDER BY created_on`, QUEUES.scimSync.name);
}

describe("send(tx, queue, payload)", () => {
  it("writes the job in the caller's transaction: none when it rolls back, one when it commits", async () => {
    const payload = { kind: "revoke", organizationId: ORG, userId: USER, reason: "deleted" } as const;
    await expect(
      db.$transaction(async (tx) => {
        await sender.send(tx, QUEUES.scimSync, payload);
        throw new Error("the change fails");
      }),
    ).rejects.toThrow("the change fails");
    expect(await scimJobs()).toEqual([]);

    const id = await db.$transaction((tx) => sender.send(tx, QUEUES.scimSync, payload));
    expect(await scimJobs()).toEqual([{ id, data: payload }]);
  });

  it("refuses a payload its queue's schema refuses, and writes nothing", async () => {
    const before = await scimJobs();
    const bad = { kind: "revoke", organizationId: "not-a-uuid", userId: USER, reason: "deleted" };
    // @ts-expect-error -- the type refuses it too; this is the check for callers that bypass types (JSON, casts).
    await expect(db.$transaction((tx) => sender.send(tx, QUEUES.scimSync, bad))).rejects.toThrow(InvalidJobPayload);
    // @ts-expect-error -- an unknown kind
    await expect(sender.sendNow(QUEUES.scimSync, { kind: "purge" })).rejects.toThrow("invalid scim-sync payload");
    // @ts-expect-error -- a scheduled-only queue takes no data
    await expect(sender.sendNow(QUEUES.sessionCleanup, { key: "x" })).rejects.toThrow("invalid session-cleanup payload");
    expect(await scimJobs()).toEqual(before);
  });
});
