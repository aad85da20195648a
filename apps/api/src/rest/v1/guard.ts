/**
 * What runs before every /v1 handler, in this order:
 *   1. authenticate  `Authorization: Bearer atrium_sk_…` → the application (401 otherwise)
 *   2. rate limit    per application, shared by every API instance; RateLimit-* headers
 *                    on every answer, 429 + Retry-After when the bucket is empty
 *      A route whose config says `authenticatesItself` (POST /v1/authorize) takes steps 1
 *      and 2 in its handler, in the statement that also reads what it decides on
 *      (admitWith), so a decision is one round trip. A missing or malformed header is still
 *      refused here; an answer the route does not reach (invalid body, an Idempotency-Key)
 *      authenticates first (authenticateDeferred), so every answer is what the guard alone
 *      would have given, 401 and 429 before anything else.
 *   3. idempotency   (POST with Idempotency-Key, after the body is validated) replay the
 *                    first answer, 409 idempotency_conflict for another body
 */
import { createHash } from "node:crypto";
import {
  admitSecretKey,
  claimIdempotencyKey,
  type Admission,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  type AuthenticatedApplication,
} from "@atrium/core/applications";
import type { Db } from "@atrium/db";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { V1Error } from "./errors.ts";
import { announceKeyMode } from "./key-mode.ts";

export { applicationActor } from "./application-actor.ts";

declare module "fastify" {
  interface FastifyRequest {
    application: AuthenticatedApplication | null;
    idempotencyKey: string | null;
    /** The bearer secret key of a request whose route authenticates itself, until it has (admitWith, authenticateDeferred). */
    secretKey: string | null;
  }
  interface FastifyContextConfig {
    /** The route authenticates its request itself, in its own statement (see the guard's docblock). */
    authenticatesItself?: boolean;
  }
}

const BEARER = /^Bearer\s+(\S+)$/i;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Canonical JSON (keys sorted) so the same body hashes the same however its keys were ordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Steps 1 and 2 with admitSecretKey's answer: the application on the request,
 * the RateLimit-* headers; 401 for a key that is not live, 429 (+ Retry-After)
 * when the bucket is empty.
 */
function admit(req: FastifyRequest, reply: FastifyReply, admitted: Admission | null): Admission {
  if (!admitted) throw new V1Error(401, "unauthorized", "The secret key is not valid: unknown, revoked or expired.");
  const { application, limit } = admitted;
  req.application = application;
  void reply.header("ratelimit-limit", String(limit.limit));
  void reply.header("ratelimit-remaining", String(limit.remaining));
  void reply.header("ratelimit-reset", String(limit.resetSeconds));
  if (limit.retryAfterSeconds !== null) {
    void reply.header("retry-after", String(limit.retryAfterSeconds));
    throw new V1Error(429, "rate_limited", `Too many requests for this application. Retry in ${limit.retryAfterSeconds} s.`);
  }
  return admitted;
}

/**
 * For a route that authenticates itself: steps 1 and 2 in one statement with
 * the accesses of `pairs` and `tokenPairs` (admitSecretKey), the key mode announced as
 * registerKeyMode does. Throws as the guard would (401, 429).
 */
export async function admitWith(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  pairs: Parameters<typeof admitSecretKey>[2],
  tokenPairs?: Parameters<typeof admitSecretKey>[3],
): Promise<Admission> {
  const token = req.secretKey;
  if (!token) throw new Error("admitWith: the request has no deferred secret key");
  req.secretKey = null;
  const admitted = admit(req, reply, await admitSecretKey(db, token, pairs, tokenPairs));
  announceKeyMode(reply, admitted.application);
  return admitted;
}

/** Authenticates now a request whose route authenticates itself and has not yet (no-op otherwise). */
export async function authenticateDeferred(db: Db, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.application || !req.secretKey) return;
  await admitWith(db, req, reply, []);
}

export function registerGuard(app: FastifyInstance, db: Db) {
  app.decorateRequest("application", null);
  app.decorateRequest("idempotencyKey", null);
  app.decorateRequest("secretKey", null);

  app.addHook("onRequest", async (req, reply) => {
    const header = req.headers.authorization;
    const token = header ? BEARER.exec(header)?.[1] : undefined;
    if (!token) throw new V1Error(401, "unauthorized", "Send the application's secret key: Authorization: Bearer atrium_sk_…");
    if (req.routeOptions.config.authenticatesItself) {
      req.secretKey = token;
      return;
    }
    // The key and its rate-limit bucket in one round trip (steps 1 and 2).
    admit(req, reply, await admitSecretKey(db, token));
  });

  app.addHook("preHandler", async (req, reply) => {
    if (req.method !== "POST") return;
    const key = req.headers["idempotency-key"];
    if (key === undefined) return;
    await authenticateDeferred(db, req, reply);
    if (typeof key !== "string" || !IDEMPOTENCY_KEY.test(key)) {
      throw new V1Error(400, "invalid_request", "The Idempotency-Key header must be 1 to 255 visible ASCII characters.", [
        { field: "Idempotency-Key", message: "Use 1 to 255 visible ASCII characters, e.g. a UUID." },
      ]);
    }
    const hash = createHash("sha256").update(`${req.method} ${req.routeOptions.url}\n${req.url}\n${canonical(req.body)}`).digest("hex");
    const claim = await claimIdempotencyKey(db, req.application!.id, key, hash);
    switch (claim.state) {
      case "new":
        req.idempotencyKey = key;
        return;
      case "replay":
        void reply.header("idempotent-replayed", "true");
        return reply.code(claim.status).send(claim.body);
      case "conflict":
        throw new V1Error(409, "idempotency_conflict", "This Idempotency-Key was already used for a different request. Use a new key for a new request.");
      case "in_progress":
        throw new V1Error(409, "idempotency_conflict", "A request with this Idempotency-Key is still being processed. Retry in a moment.");
    }
  });

  // The first answer to a claimed key is stored; a server error or a throttled request frees the key for a retry.
  app.addHook("onSend", async (req, reply, payload) => {
    const key = req.idempotencyKey;
    if (!key) return payload;
    req.idempotencyKey = null;
    const status = reply.statusCode;
    if (status >= 500 || status === 429 || typeof payload !== "string") await releaseIdempotencyKey(db, req.application!.id, key);
    else await completeIdempotencyKey(db, req.application!.id, key, status, JSON.parse(payload));
    return payload;
  });
}
