/** The file transport writes each outbox row's message once, however often it is asked to. */
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileTransport } from "./transport.ts";

describe("file mail transport", () => {
  it("does not write a message again that it already wrote (a retry after the worker died)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "atrium-mail-"));
    const transport = fileTransport(dir);
    const mail = { id: "0b6f3c1e-0000-4000-8000-000000000001", from: "Atrium <no-reply@atrium.test>", to: "a@example.com", subject: "Hello", text: "Hi", html: null };
    await transport.send(mail);
    await transport.send(mail);
    await transport.send({ ...mail, id: "0b6f3c1e-0000-4000-8000-000000000002" });
    const files = (await readdir(dir)).sort();
    const summaries = files.filter((f) => f.endsWith(".json"));
    expect(summaries.filter((f) => f.endsWith(`-${mail.id}.json`))).toHaveLength(1);
    expect(summaries).toHaveLength(2);
    expect(files.filter((f) => f.endsWith(".eml"))).toHaveLength(2);
  });
});
