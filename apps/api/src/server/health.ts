import type { Db } from "@atrium/db";
import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";

/** Liveness, readiness (the database answers within 2 s) and Prometheus metrics. */
export function registerHealthRoutes(app: FastifyInstance, db: Db, metrics: Registry, metricsToken?: string) {
  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (_req, reply) => {
    try {
      await Promise.race([
        db.$queryRaw`SELECT 1`,
        new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), 2000).unref()),
      ]);
      return { status: "ok", database: "ok" };
    } catch {
      return reply.code(503).send({ status: "unavailable", database: "unreachable" });
    }
  });

  app.get("/metrics", async (req, reply) => {
    if (metricsToken && req.headers.authorization !== `Bearer ${metricsToken}`) {
      return reply.code(401).send({ error: { code: "UNAUTHORIZED", message: "A metrics token is required." } });
    }
    reply.header("content-type", metrics.contentType);
    return metrics.metrics();
  });
}
