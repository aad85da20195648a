import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * HTTP metrics labelled by route; tRPC calls are labelled by procedure
 * (only known procedure names, so a client cannot inflate label cardinality).
 */
export function createMetrics(app: FastifyInstance, procedures: ReadonlySet<string>): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: "atrium_http_request_duration_seconds",
    help: "HTTP request duration by route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook("onResponse", async (req, reply) => {
    let route = req.routeOptions.url ?? "unmatched";
    if (route === "/trpc/:path") {
      const path = (req.params as { path?: string }).path ?? "";
      route = path.split(",").every((p) => procedures.has(p)) ? `trpc:${path}` : "trpc:unknown";
    }
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  return registry;
}
