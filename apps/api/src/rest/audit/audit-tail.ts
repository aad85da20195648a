/**
 * Live tail of an organization's audit log over Server-Sent Events
 * (`GET /api/orgs/:orgId/audit/tail`, the search filters as query
 * parameters). Enterprise only (permission audit:tail, feature audit_tail).
 *
 * One LISTEN connection per API process (AuditTailHub) receives
 * `atrium_audit_event` notifications and wakes the streams of that
 * organization; each stream then reads the matching events after the last one
 * it sent. Each event's SSE id is its chain sequence number, so a browser that
 * reconnects with Last-Event-ID gets exactly what it missed. Before sending,
 * a stream re-checks its caller's access (session or API key, role, plan):
 * once it is gone the stream says `event: end` and closes. A comment line
 * every `heartbeatMs` keeps proxies from closing an idle stream (and re-checks
 * access too).
 */
import { auditEventsAfter, auditHead, type AuditFilter } from "@atrium/core/audit";
import { authorize } from "@atrium/core/access";
import { type Actor } from "@atrium/core/actor";
import { listen, type Listener } from "@atrium/db/listen";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { resolveOrgCaller } from "../../auth/caller.ts";
import { ZAuditFilter } from "../../routers/schemas.ts";
import type { ApiDeps } from "../../trpc/context.ts";
import { sendError } from "../errors.ts";
import { accessRecheck, openEventStream } from "../event-stream.ts";

const NIL = "00000000-0000-0000-0000-000000000000";
const BATCH = 500;

/** A wake-up: the highest seq announced, or null after a reconnect (catch up on everything). */
type Wake = (seq: number | null) => void;

/** Fans one process-wide LISTEN connection out to the streams of each organization. */
export class AuditTailHub {
  readonly #streams = new Map<string, Set<Wake>>();
  readonly #closers = new Set<() => void>();
  #listener: Listener | undefined;

  constructor(
    private readonly url: string,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Registers a stream; resolves once the process listens, so nothing committed afterwards is missed. */
  async subscribe(organizationId: string, wake: Wake, close: () => void): Promise<() => void> {
    this.#listener ??= listen({
      url: this.url,
      channels: ["atrium_audit_event"],
      applicationName: "atrium-api-audit-tail",
      onNotification: (_channel, payload) => {
        const [org, seq] = payload.split(":");
        if (!org || org === NIL) return;
        for (const w of this.#streams.get(org) ?? []) w(Number(seq));
      },
      onReconnect: () => {
        for (const set of this.#streams.values()) for (const w of set) w(null);
      },
      log: this.log,
    });
    await this.#listener.ready;
    const set = this.#streams.get(organizationId) ?? new Set();
    this.#streams.set(organizationId, set.add(wake));
    this.#closers.add(close);
    return () => {
      set.delete(wake);
      if (set.size === 0) this.#streams.delete(organizationId);
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

const ZTailQuery = ZAuditFilter.extend({
  actions: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter(Boolean) : undefined))
    .pipe(ZAuditFilter.shape.actions),
  lastEventId: z.coerce.number().int().min(0).optional(),
});

export interface TailOptions {
  hub: AuditTailHub;
  heartbeatMs?: number;
}

export function registerAuditTail(app: FastifyInstance, deps: ApiDeps, { hub, heartbeatMs = 15_000 }: TailOptions) {
  app.addHook("preClose", async () => hub.close());

  app.get<{ Params: { orgId: string }; Querystring: Record<string, string> }>("/api/orgs/:orgId/audit/tail", async (req, reply) => {
    let orgId: string;
    let filter: AuditFilter;
    let resumeFrom: number | undefined;
    let actor: Actor;
    let recheck: () => Promise<boolean>;
    try {
      orgId = z.uuid().parse(req.params.orgId);
      const { lastEventId, ...rest } = ZTailQuery.parse(req.query);
      filter = rest;
      const header = req.headers["last-event-id"];
      resumeFrom = typeof header === "string" && /^\d{1,18}$/.test(header) ? Number(header) : lastEventId;
      const meta = { ip: req.ip, userAgent: req.headers["user-agent"], requestId: String(req.id) };
      const caller = await resolveOrgCaller({ ...deps, req, res: reply, meta }, orgId, "audit.tail");
      await authorize(deps.db, caller.actor, caller.access, "audit:tail", { operation: "audit.tail" });
      actor = caller.actor;
      recheck = accessRecheck(deps, { req, meta, actor, orgId, permission: "audit:tail" });
    } catch (error) {
      return sendError(reply, error);
    }

    const res = openEventStream(reply);

    let closed = false;
    let last = 0;
    let announced = 0;
    let busy = false;
    let again = false;
    const end = (reason: string) => {
      if (closed) return;
      closed = true;
      res.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
    };
    const pump = async () => {
      if (busy) return void (again = true);
      busy = true;
      try {
        do {
          again = false;
          const target = announced;
          if (!(await recheck())) return end("access revoked");
          for (;;) {
            const rows = await auditEventsAfter(deps.db, orgId, filter, last, BATCH);
            if (closed) return;
            for (const row of rows) res.write(`id: ${row.seq}\nevent: audit\ndata: ${JSON.stringify(row)}\n\n`);
            if (rows.length) last = rows.at(-1)!.seq;
            if (rows.length < BATCH) break;
          }
          // Every event up to the announced seq has committed (one chain commits in seq order).
          last = Math.max(last, target);
        } while (again && !closed);
      } catch (error) {
        req.log.error({ err: error }, "audit tail failed");
        end("error");
      } finally {
        busy = false;
      }
    };

    const wake: Wake = (seq) => {
      announced = seq === null ? announced : Math.max(announced, seq);
      void pump();
    };
    const heartbeat = setInterval(() => {
      if (closed) return;
      res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
      void pump();
    }, heartbeatMs);
    const unsubscribe = await hub.subscribe(orgId, wake, () => end("server shutting down"));
    const stop = () => {
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
    };
    res.on("close", stop);
    if (closed) return stop();

    const head = await auditHead(deps.db, orgId);
    last = resumeFrom !== undefined ? Math.min(resumeFrom, head) : head;
    announced = head;
    res.write(`event: ready\ndata: ${JSON.stringify({ head })}\n\n`);
    void pump();
  });
}
