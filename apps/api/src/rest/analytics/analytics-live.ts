/**
 * Live analytics over Server-Sent Events (`GET /api/orgs/:orgId/analytics/live`,
 * `?subtree=true` to follow the organization's subtree as the page does). Enterprise
 * only (permission analytics:live, feature analytics_live). The stream carries no
 * figures: it says `event: usage` when usage of the organization (or of one in its
 * subtree) was recorded, and the page refetches what it shows — so what a person sees
 * is always what the procedures answer, with their own checks.
 *
 * Like the audit tail (rest/audit/audit-tail.ts): one LISTEN connection per API
 * process (UsageLiveHub) on `atrium_usage_recorded`, fed by statement-level
 * triggers on usage_events and on the rollups the figures are read from (one
 * notification per organization per statement); the
 * caller is authenticated and authorized the same way (session or API key; 401,
 * 404, 403 or 402, refusals audited); before each message and with each heartbeat
 * the caller's access is checked again, and once it is gone the stream says
 * `event: end` and closes. Messages to one stream are coalesced to at most one per
 * `minIntervalMs` (a busy organization records many batches a second; the page needs
 * only to know that something changed).
 */
import { analyticsScope } from "@atrium/core/analytics";
import { authorize } from "@atrium/core/access";
import { listen, type Listener } from "@atrium/db/listen";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { resolveOrgCaller } from "../../auth/caller.ts";
import type { ApiDeps } from "../../trpc/context.ts";
import { sendError } from "../errors.ts";
import { accessRecheck, openEventStream } from "../event-stream.ts";

export const USAGE_CHANNEL = "atrium_usage_recorded";

/** A wake-up: the organization whose usage changed, or null after a reconnect (something may have been missed). */
type Wake = (organizationId: string | null) => void;

/** Fans one process-wide LISTEN connection out to the streams watching each organization. */
export class UsageLiveHub {
  readonly #streams = new Map<string, Set<Wake>>();
  readonly #closers = new Set<() => void>();
  #listener: Listener | undefined;

  constructor(
    private readonly url: string,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Registers a stream for the organizations given; resolves once the process listens. */
  async subscribe(organizationIds: readonly string[], wake: Wake, close: () => void): Promise<() => void> {
    this.#listener ??= listen({
      url: this.url,
      channels: [USAGE_CHANNEL],
      applicationName: "atrium-api-analytics-live",
      onNotification: (_channel, org) => {
        for (const w of this.#streams.get(org) ?? []) w(org);
      },
      onReconnect: () => {
        for (const set of this.#streams.values()) for (const w of set) w(null);
      },
      log: this.log,
    });
    await this.#listener.ready;
    for (const id of organizationIds) {
      const set = this.#streams.get(id) ?? new Set();
      this.#streams.set(id, set.add(wake));
    }
    this.#closers.add(close);
    return () => {
      for (const id of organizationIds) {
        const set = this.#streams.get(id);
        set?.delete(wake);
        if (set?.size === 0) this.#streams.delete(id);
      }
      this.#closers.delete(close);
    };
  }

  get streams(): number {
    return this.#closers.size;
  }

  /** Ends every stream and the LISTEN connection (server shutdown). */
  async close(): Promise<void> {
    for (const close of [...this.#closers]) close();
    await this.#listener?.stop();
    this.#listener = undefined;
  }
}

const ZLiveQuery = z.object({ subtree: z.enum(["true", "false"]).default("false").transform((s) => s === "true") });

export interface LiveOptions {
  hub: UsageLiveHub;
  heartbeatMs?: number;
  /** The shortest time between two `usage` messages of one stream. */
  minIntervalMs?: number;
}

export function registerAnalyticsLive(app: FastifyInstance, deps: ApiDeps, { hub, heartbeatMs = 15_000, minIntervalMs = 2_000 }: LiveOptions) {
  app.addHook("preClose", async () => hub.close());

  app.get<{ Params: { orgId: string }; Querystring: Record<string, string> }>("/api/orgs/:orgId/analytics/live", async (req, reply) => {
    let scope: string[];
    let recheck: () => Promise<boolean>;
    try {
      const orgId = z.uuid().parse(req.params.orgId);
      const { subtree } = ZLiveQuery.parse(req.query);
      const meta = { ip: req.ip, userAgent: req.headers["user-agent"], requestId: String(req.id) };
      const caller = await resolveOrgCaller({ ...deps, req, res: reply, meta }, orgId, "analytics.live");
      await authorize(deps.db, caller.actor, caller.access, "analytics:live", { operation: "analytics.live" });
      scope = await analyticsScope(deps.db, orgId, subtree);
      recheck = accessRecheck(deps, { req, meta, actor: caller.actor, orgId, permission: "analytics:live" });
    } catch (error) {
      return sendError(reply, error);
    }

    const res = openEventStream(reply);

    let closed = false;
    let pending = new Set<string>();
    let lastSent = 0;
    let timer: NodeJS.Timeout | undefined;
    const end = (reason: string) => {
      if (closed) return;
      closed = true;
      res.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
    };
    const flush = async () => {
      timer = undefined;
      if (closed || pending.size === 0) return;
      const organizations = [...pending].sort();
      pending = new Set();
      try {
        if (!(await recheck())) return end("access revoked");
      } catch (error) {
        req.log.error({ err: error }, "analytics live stream failed");
        return end("error");
      }
      if (closed) return;
      lastSent = Date.now();
      res.write(`event: usage\ndata: ${JSON.stringify({ organizations })}\n\n`);
    };
    const wake: Wake = (org) => {
      // After a reconnect of the listener, say the whole scope may have changed.
      for (const id of org ? [org] : scope) pending.add(id);
      if (timer || closed) return;
      timer = setTimeout(() => void flush(), Math.max(0, lastSent + minIntervalMs - Date.now()));
    };
    const heartbeat = setInterval(() => {
      if (closed) return;
      res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
      void recheck().then(
        (ok) => ok || end("access revoked"),
        () => end("error"),
      );
    }, heartbeatMs);
    const unsubscribe = await hub.subscribe(scope, wake, () => end("server shutting down"));
    const stop = () => {
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(timer);
      unsubscribe();
    };
    res.on("close", stop);
    if (closed) return stop();
    res.write(`event: ready\ndata: ${JSON.stringify({ organizations: scope.length })}\n\n`);
  });
}
