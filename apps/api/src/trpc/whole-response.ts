/**
 * tRPC's Fastify adapter answers with a Fetch `Response`, which Fastify
 * streams: chunked encoding, the body and then the terminating chunk in two
 * socket writes. A batch of JSON answers (the SPAs' httpBatchLink, every
 * query and mutation) is complete before it is sent, so it goes out whole:
 * one write with a Content-Length, half the system calls per call (the
 * CPU profile in bench/README.md). Streamed answers (JSON lines, event
 * streams) are left to stream.
 */
import type { FastifyInstance } from "fastify";

export function sendTrpcResponsesWhole(app: FastifyInstance, prefix: string) {
  app.addHook("onSend", async (req, reply, payload) => {
    if (!(payload instanceof Response) || !req.url.startsWith(prefix)) return payload;
    if (!payload.headers.get("content-type")?.startsWith("application/json")) return payload;
    reply.code(payload.status);
    payload.headers.forEach((value, name) => void reply.header(name, value));
    return Buffer.from(await payload.arrayBuffer());
  });
}
