/** Which database failures count as "unavailable" (retryable, answered 503) and which do not. */
import { describe, expect, it } from "vitest";
import { createDb } from "./client.ts";
import { freePort } from "./embedded.ts";
import { isDatabaseUnavailable, isUniqueViolation } from "./errors.ts";
import { createTestDatabase } from "./testing.ts";

const { url } = await createTestDatabase();

const failure = (call: Promise<unknown>) => call.then(() => expect.fail("expected the call to fail"), (error: unknown) => error);

describe("isDatabaseUnavailable", () => {
  it("is true when nothing listens where the database should be", async () => {
    const db = createDb(`postgresql://postgres:x@127.0.0.1:${await freePort()}/atrium`, { connectionTimeoutMs: 5000 });
    expect(isDatabaseUnavailable(await failure(db.$queryRaw`SELECT 1`))).toBe(true);
    await db.$disconnect();
  });

  it("is true when PostgreSQL cancels a statement at the statement timeout", async () => {
    const db = createDb(url, { statementTimeoutMs: 50 });
    const error = await failure(db.$queryRaw`SELECT pg_sleep(5)`);
    expect(isDatabaseUnavailable(error)).toBe(true);
    await db.$disconnect();
  });

  it("is true when the statement timeout cancels an interactive transaction's statement", async () => {
    const db = createDb(url, { statementTimeoutMs: 50 });
    const error = await failure(db.$transaction(async (tx) => tx.$executeRaw`SELECT pg_sleep(5)`));
    expect(isDatabaseUnavailable(error)).toBe(true);
    await db.$disconnect();
  });

  it("is false for a request's own errors: a unique violation, a syntax error, a plain Error", async () => {
    const db = createDb(url);
    const email = `dup-${Date.now()}@example.com`;
    await db.user.create({ data: { email, name: "A" } });
    const duplicate = await failure(db.user.create({ data: { email, name: "B" } }));
    expect(isUniqueViolation(duplicate)).toBe(true);
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(await failure(db.$queryRawUnsafe("SELEC 1")))).toBe(false);
    expect(isDatabaseUnavailable(new Error("The member was not found."))).toBe(false);
    await db.$disconnect();
  });
});
