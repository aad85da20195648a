/**
 * The session behind a cookie and the caller's access to one organization,
 * cached in process: every console call needs them first, and they change far
 * more rarely than they are read.
 *
 * Contract: a change committed anywhere (another API instance, the worker,
 * psql) is seen by this instance as soon as PostgreSQL's notification arrives
 * (invalidation bus, `atrium_access_changed`; milliseconds), and in any case
 * within `lifetimeMs` (1 s): an entry is served only while the bus listens, its
 * generation has not moved since the entry was read, and it is younger than
 * that. While the bus's connection is down nothing is served from the cache.
 * A lookup that started before a change is never stored after it.
 *
 * What a hit still does every time: the session rules of settleSession
 * (expiry checked against the clock, sliding expiry, last-seen written at
 * most once a minute, the cached row updated with what was written) and the
 * access built afresh from the row.
 */
import type { Db } from "@atrium/db";
import { sessionIdOf, settleSession, type SessionRow, type ValidSession } from "../auth/sessions.ts";
import type { InvalidationBus } from "../invalidation/index.ts";
import { accessFromRow, type OrgAccess } from "./service.ts";
import { isSessionToken, loadSessionAccessRow, type SessionAccessRow } from "./session-access.ts";

export interface SessionAccessCacheOptions {
  /** Longest an entry is served, notification or not (default and maximum 1,000 ms). */
  lifetimeMs?: number;
  /** Entries kept at most; past it the cache starts over (default 10,000). */
  maxEntries?: number;
}

interface Entry {
  row: SessionAccessRow | null;
  until: number;
  generation: number;
}

export const SESSION_ACCESS_LIFETIME_MS = 1_000;

export class SessionAccessCache {
  readonly #entries = new Map<string, Entry>();
  readonly #lifetimeMs: number;
  readonly #maxEntries: number;
  readonly #bus: InvalidationBus;

  constructor(bus: InvalidationBus, options: SessionAccessCacheOptions = {}) {
    this.#bus = bus;
    this.#lifetimeMs = Math.min(options.lifetimeMs ?? SESSION_ACCESS_LIFETIME_MS, SESSION_ACCESS_LIFETIME_MS);
    this.#maxEntries = options.maxEntries ?? 10_000;
    bus.subscribe(() => this.#entries.clear());
  }

  /** Entries held now (for tests and metrics). */
  get size(): number {
    return this.#entries.size;
  }

  /** Same answer as sessionWithOrgAccess(db, token, organizationId), from the cache when it may. */
  async sessionWithOrgAccess(db: Db, token: string, organizationId: string): Promise<{ session: ValidSession; access: OrgAccess | null } | null> {
    if (!isSessionToken(token)) return null;
    const id = sessionIdOf(token);
    const key = `${id}:${organizationId}`;
    const row = await this.#row(key, () => loadSessionAccessRow(db, id, organizationId));
    if (!row) return null;
    const session = await settleSession(db, id, row, (touched) => {
      const entry = this.#entries.get(key);
      if (entry?.row) entry.row = { ...entry.row, ...touched };
    });
    if (!session) {
      this.#entries.delete(key);
      return null;
    }
    return { session, access: row.access ? accessFromRow(row.access, session.user.id) : null };
  }

  async #row(key: string, load: () => Promise<SessionAccessRow | null>): Promise<SessionRow & Pick<SessionAccessRow, "access"> | null> {
    const now = Date.now();
    const bus = this.#bus;
    const cached = this.#entries.get(key);
    if (cached && bus.listening && cached.generation === bus.generation && cached.until > now) return cached.row;
    const generation = bus.generation;
    const row = await load();
    // Stored only when nothing changed while it was read, and only while changes can be heard.
    if (bus.listening && generation === bus.generation) {
      if (this.#entries.size >= this.#maxEntries) this.#entries.clear();
      this.#entries.set(key, { row, until: now + this.#lifetimeMs, generation });
    }
    return row;
  }
}
