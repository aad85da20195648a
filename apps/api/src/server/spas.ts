import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { SPA_CONTENT_SECURITY_POLICY } from "./security.ts";

export const SPAS = [
  { prefix: "/admin/", dir: fileURLToPath(new URL("../../../admin-web/dist", import.meta.url)) },
  { prefix: "/csm/", dir: fileURLToPath(new URL("../../../csm-web/dist", import.meta.url)) },
] as const;

/**
 * Serves the built SPAs: hashed assets cached for a year, every other path
 * under a prefix answered with its index.html (client-side routes).
 */
export async function registerSpas(app: FastifyInstance) {
  for (const [i, spa] of SPAS.entries()) {
    if (!existsSync(spa.dir)) {
      app.get(`${spa.prefix}*`, async (_req, reply) =>
        reply.code(503).type("text/plain").send(`This app is not built yet: run npm run build.`),
      );
      continue;
    }
    await app.register(fastifyStatic, {
      root: spa.dir,
      prefix: spa.prefix,
      decorateReply: i === 0,
      wildcard: false,
      index: false,
      setHeaders(res, path) {
        res.header("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
    app.get(`${spa.prefix}*`, async (_req, reply) =>
      reply
        .header("cache-control", "no-cache")
        .header("content-security-policy", SPA_CONTENT_SECURITY_POLICY)
        .sendFile("index.html", spa.dir),
    );
    app.get(spa.prefix.slice(0, -1), async (_req, reply) => reply.redirect(spa.prefix));
  }
  app.get("/", async (_req, reply) => reply.redirect("/admin/"));
}
