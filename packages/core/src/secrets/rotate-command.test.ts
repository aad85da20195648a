/** `npm run secrets:rotate` as an operator runs it, called in-process against a real database: judged by its output and exit code. */
import { randomBytes } from "node:crypto";
import { createTestDatabase } from "@atrium/db/testing";
import { describe, expect, it } from "vitest";
import { startEnrollment } from "../mfa/factor.ts";
import { DEV_ENCRYPTION_KEY, SecretBox, secrets } from "./box.ts";
import { rotateCommand } from "./rotate-command.ts";

const { db, url } = await createTestDatabase();

/** Runs the command with the keys an operator would set in ATRIUM_ENCRYPTION_KEY(S_PREVIOUS). */
async function rotate(keys: { current?: string; previous?: string }, ...args: string[]) {
  const env = { ...(keys.current ? { ATRIUM_ENCRYPTION_KEY: keys.current } : {}), ...(keys.previous ? { ATRIUM_ENCRYPTION_KEYS_PREVIOUS: keys.previous } : {}) };
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await rotateCommand(args, { box: secrets(env), databaseUrl: url, out: (l) => stdout.push(l), err: (l) => stderr.push(l) });
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

describe("npm run secrets:rotate", () => {
  it("counts on --dry-run, re-encrypts, refuses what it cannot open, and never re-encrypts under the development key", async () => {
    const user = await db.user.create({ data: { email: "rotate@cli.example", name: "Rotate" }, select: { id: true } });
    await startEnrollment(db, { id: user.id, email: "rotate@cli.example" }); // sealed under the development key
    const keyB = randomBytes(32).toString("base64");
    const keyBId = new SecretBox([keyB]).currentKeyId;
    const line = (stdout: string) => stdout.split("\n").find((l) => l.includes("user_totp.secret_sealed"))!.trim().split(/\s+/);

    const dry = await rotate({ current: keyB, previous: DEV_ENCRYPTION_KEY }, "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`Current key: ${keyBId} (dry run: nothing changed)`);
    expect(line(dry.stdout)).toEqual(["user_totp.secret_sealed", "1", "sealed", "1", "on", "older", "keys", "0", "re-encrypted"]);

    const run = await rotate({ current: keyB, previous: DEV_ENCRYPTION_KEY });
    expect(run.code).toBe(0);
    expect(line(run.stdout)).toEqual(["user_totp.secret_sealed", "1", "sealed", "1", "on", "older", "keys", "1", "re-encrypted"]);
    const stored = await db.userTotp.findUniqueOrThrow({ where: { userId: user.id }, select: { secretSealed: true } });
    expect(stored.secretSealed.split(".")[1]).toBe(keyBId);

    const withoutB = await rotate({ current: randomBytes(32).toString("base64") });
    expect(withoutB.code).toBe(1);
    expect(withoutB.stderr).toContain(`cannot decrypt user_totp.secret_sealed row ${user.id}: Secret was encrypted with key ${keyBId}, which is not configured`);
    expect(withoutB.stderr).toContain("Refused");
    expect((await db.userTotp.findUniqueOrThrow({ where: { userId: user.id }, select: { secretSealed: true } })).secretSealed).toBe(stored.secretSealed);

    const devKey = await rotate({ previous: keyB });
    expect(devKey.code).toBe(1);
    expect(devKey.stderr).toContain("refusing to re-encrypt secrets under the public development key");
  });

  it("refuses a batch size out of range before touching the database", async () => {
    await expect(rotate({ current: randomBytes(32).toString("base64") }, "--batch-size", "0")).rejects.toThrow("--batch-size must be an integer from 1 to 10000");
  });
});
