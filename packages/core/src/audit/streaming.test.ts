import { createServer } from "node:http";
import { createTestDatabase } from "@atrium/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor.ts";
import { secrets } from "../secrets/box.ts";
import { SIGNATURE_HEADER, verifySignature } from "./signature.ts";
import { deliverStreams, getStream, saveStream } from "./streaming.ts";
import { recordAudit } from "./writer.ts";

const { db } = await createTestDatabase();
const actor = systemActor("test");

/**
 * A SIEM on this machine: checks each request's credentials (signature,
 * Splunk token or Datadog key), refuses every `failEvery`-th request with a
 * 503 before storing anything, and keeps the seqs it accepted, in order.
 */
function siem(check: (headers: Record<string, string | string[] | undefined>, body: string) => boolean, failEvery = 3) {
  const state = { requests: 0, rejected: 0, badAuth: 0, seqs: [] as number[] };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      state.requests++;
      if (!check(req.headers, body)) {
        state.badAuth++;
        return res.writeHead(401).end();
      }
      if (state.requests % failEvery === 0) {
        state.rejected++;
        return res.writeHead(503, "Busy").end();
      }
      const events: { seq: number }[] = body.startsWith("{\"organizationId\"")
        ? (JSON.parse(body) as { events: { seq: number }[] }).events
        : body.startsWith("[")
          ? (JSON.parse(body) as { message: { seq: number } }[]).map((e) => e.message)
          : body.split("\n").map((line) => (JSON.parse(line) as { event: { seq: number } }).event);
      state.seqs.push(...events.map((e) => e.seq));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  const url = new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/intake`)));
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  return { state, url };
}

let n = 0;
async function org() {
  return (await db.organization.create({ data: { name: `Stream ${n}`, slug: `stream-${n++}`, plan: "enterprise" }, select: { id: true } })).id;
}

/** A clock that jumps an hour each time it is read, so backoff never holds a run back. */
const jumping = () => {
  let t = Date.now();
  return () => new Date((t += 3600_000));
};

async function writeConcurrently(orgId: string, writers: number, each: number) {
  await Promise.all(
    Array.from({ length: writers }, (_, w) =>
      (async () => {
        for (let i = 0; i < each; i++) {
          await recordAudit(db, actor, { action: "org.update", organizationId: orgId, resource: { type: "organization", id: orgId }, details: { w, i } });
        }
      })(),
    ),
  );
}

async function allSeqs(orgId: string) {
  return (await db.auditEvent.findMany({ where: { organizationId: orgId }, orderBy: { seq: "asc" }, select: { seq: true } })).map((e) => Number(e.seq));
}

describe("log streaming to a SIEM", () => {
  it("delivers exactly the events written, in order, through failures and restarts (generic, signed)", async () => {
    const orgId = await org();
    let secret = "";
    const receiver = siem((h, body) => verifySignature(secret, body, h[SIGNATURE_HEADER] as string));
    secret = (await saveStream(db, actor, orgId, { kind: "generic", url: await receiver.url, enabled: true, batchSize: 37, backfill: true })).secret!;
    const stored = await db.auditStreamDestination.findUniqueOrThrow({ where: { organizationId: orgId } });
    expect([stored.credentialKeyId, stored.credential.split(".")[1]]).toEqual([secrets().currentKeyId, secrets().currentKeyId]);

    const now = jumping();
    // Writers and deliveries interleave; each delivery run is a fresh start from the stored cursor.
    let written = false;
    const writing = writeConcurrently(orgId, 8, 40).then(() => (written = true));
    let runs = 0;
    for (;;) {
      await deliverStreams(db, { now, maxBatches: 2, organizationId: orgId });
      runs++;
      const status = (await getStream(db, orgId))!;
      if (written && status.lagEvents === 0 && runs > 3) break;
    }
    await writing;
    const expected = await allSeqs(orgId);
    expect(expected.length).toBe(8 * 40 + 1); // + the audit_stream.create event
    expect(receiver.state.seqs).toEqual(expected);
    expect(receiver.state.rejected).toBeGreaterThan(0);
    expect(receiver.state.badAuth).toBe(0);
    const status = (await getStream(db, orgId))!;
    expect(status).toMatchObject({ cursorSeq: expected.at(-1), deliveredEvents: expected.length, consecutiveFailures: 0, lastError: null });
    expect(status.failures.length).toBe(receiver.state.rejected);
    expect(status.failures[0]!.error).toBe("HTTP 503 Busy");
  });

  it("backs off after a failure and records it on the status page", async () => {
    const orgId = await org();
    const receiver = siem((h) => h["authorization"] === "Splunk hec-token-1", 1); // refuses everything
    await saveStream(db, actor, orgId, { kind: "splunk_hec", url: await receiver.url, credential: "hec-token-1", enabled: true, batchSize: 100, backfill: true });
    const t = new Date();
    expect(await deliverStreams(db, { now: () => t, organizationId: orgId })).toMatchObject({ delivered: 0, failed: 1 });
    const status = (await getStream(db, orgId))!;
    expect(status).toMatchObject({ consecutiveFailures: 1, lastError: "HTTP 503 Busy", cursorSeq: 0, lagEvents: 1 });
    expect(status.nextAttemptAt!.getTime() - t.getTime()).toBe(5000);
    expect(await deliverStreams(db, { now: () => new Date(t.getTime() + 4000), organizationId: orgId })).toMatchObject({ destinations: 0 });
    await deliverStreams(db, { now: () => new Date(t.getTime() + 5000), organizationId: orgId });
    expect((await getStream(db, orgId))!.nextAttemptAt!.getTime() - (t.getTime() + 5000)).toBe(10_000);
    expect(receiver.state.badAuth).toBe(0);
  });

  it("speaks Splunk HEC and Datadog, and starts at the head unless asked to backfill", async () => {
    for (const kind of ["splunk_hec", "datadog"] as const) {
      const orgId = await org();
      await recordAudit(db, actor, { action: "org.update", organizationId: orgId, resource: { type: "organization" } });
      const receiver = siem((h) => (kind === "splunk_hec" ? h["authorization"] === "Splunk tok" : h["dd-api-key"] === "tok"), 1000);
      await saveStream(db, actor, orgId, { kind, url: await receiver.url, credential: "tok", enabled: true, batchSize: 500 });
      await writeConcurrently(orgId, 2, 3);
      await deliverStreams(db, { organizationId: orgId });
      const seqs = await allSeqs(orgId);
      expect(receiver.state.seqs).toEqual(seqs.slice(1)); // the event before the destination existed is not sent
    }
  });
});
