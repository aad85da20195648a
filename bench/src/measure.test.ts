import Fastify from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { measure, MeasureError } from "./measure.ts";

const app = Fastify({ logger: false });
app.get("/ok", async () => ({ ok: true }));
app.get("/broken", async (_req, reply) => reply.code(500).send({ ok: false }));
await app.listen({ host: "127.0.0.1", port: 0 });
const { port } = app.server.address() as { port: number };
const base = `http://127.0.0.1:${port}`;
afterAll(() => app.close());

const load = { connections: 2, durationSeconds: 1 };

describe("measure", () => {
  it("reports completed requests and no errors for a route that answers 200", async () => {
    const result = await measure({ url: `${base}/ok` }, load);
    expect(result.requests).toBeGreaterThan(0);
    expect(result.requestsPerSecond).toBeGreaterThan(0);
    expect(result.errors).toBe(0);
    expect(result.non2xx).toBe(0);
  });

  it("fails with MeasureError for a route that answers 500", async () => {
    const failure = await measure({ url: `${base}/broken` }, load).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MeasureError);
    const { measurement } = failure as MeasureError;
    expect(measurement.non2xx).toBe(measurement.requests);
  });

  it("counts connection errors when nothing listens", async () => {
    const closed = Fastify({ logger: false });
    await closed.listen({ host: "127.0.0.1", port: 0 });
    const { port: closedPort } = closed.server.address() as { port: number };
    await closed.close();
    const failure = await measure({ url: `http://127.0.0.1:${closedPort}/` }, load).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MeasureError);
    expect((failure as MeasureError).measurement.errors).toBeGreaterThan(0);
  });
});
