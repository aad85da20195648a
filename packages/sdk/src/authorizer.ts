/**
 * Permission checks as a product makes them: one check per question, asked
 * often. Three things keep that cheap without keeping stale answers long:
 *
 *   - a short local cache of decisions (TTL default 5 s, bounded, oldest
 *     dropped first), keyed by organization, principal, permission, resource
 *     and the request context (a decision may depend on IP or MFA);
 *   - batching: the checks asked in the same tick (microtask) go out as one
 *     POST /v1/authorize of up to 100 checks; identical checks in flight share
 *     one answer;
 *   - invalidation by events (webhooks or GET /v1/events): an event about a
 *     person (`data.userId`) drops that person's decisions in its organization;
 *     an `organization.*` or `directory_group.*` event drops the organization's.
 *     An answer requested before an invalidation is returned but not cached.
 *
 * Checks whose principal is an access token are batched but never cached:
 * revoking a token sends no event, so a cached "allowed" could outlive it.
 */
import type { AtriumEvent } from "./events.js";
import type { components } from "./generated/v1.js";

export type Check = components["schemas"]["Check"];
export type Decision = components["schemas"]["CheckResult"];

export interface DecisionCacheOptions {
  /** How long a decision is reused, in ms; default 5 000. 0 turns the cache off (batching stays). */
  ttlMs?: number;
  /** The most decisions kept; default 10 000. */
  maxEntries?: number;
  /** The clock, in ms (tests). */
  now?: () => number;
}

/** The API's batch limit. */
export const MAX_CHECKS_PER_CALL = 100;

interface Entry {
  organizationId: string;
  principalId: string;
  decision: Decision;
  expiresAt: number;
}

interface Pending {
  key: string;
  check: Check;
  resolve: (decision: Decision) => void;
  reject: (error: unknown) => void;
}

/** Organization, principal, permission, resource and context, unambiguously. */
export function cacheKey(check: Check): string {
  return JSON.stringify([
    check.organizationId,
    check.principal.type,
    check.principal.type === "user" ? check.principal.id : check.principal.token,
    check.permission,
    check.resource ? [check.resource.type, check.resource.id] : null,
    check.context ? [check.context.ip ?? null, check.context.mfa ?? null] : null,
  ]);
}

/** Whether `event` drops the whole organization's decisions. */
export function dropsOrganization(event: Pick<AtriumEvent, "type">): boolean {
  return event.type.startsWith("organization.") || event.type.startsWith("directory_group.");
}

export class Authorizer {
  readonly #send: (checks: Check[]) => Promise<Decision[]>;
  readonly #ttl: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Promise<Decision>>();
  #queue: Pending[] = [];
  /** Bumped by every invalidation: answers asked for before it are not cached. */
  #epoch = 0;

  constructor(send: (checks: Check[]) => Promise<Decision[]>, options: DecisionCacheOptions = {}) {
    this.#send = send;
    this.#ttl = options.ttlMs ?? 5_000;
    this.#max = Math.max(1, options.maxEntries ?? 10_000);
    this.#now = options.now ?? Date.now;
  }

  /** One check: from the cache, from an identical check in flight, or in the next batch. */
  check(check: Check): Promise<Decision> {
    const key = cacheKey(check);
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAt > this.#now()) return Promise.resolve(cached.decision);
    if (cached) this.#entries.delete(key);
    const inFlight = this.#inFlight.get(key);
    if (inFlight) return inFlight;

    const epoch = this.#epoch;
    const promise = new Promise<Decision>((resolve, reject) => {
      if (this.#queue.length === 0) queueMicrotask(() => this.#flush());
      this.#queue.push({ key, check, resolve, reject });
    }).then(
      (decision) => {
        if (this.#inFlight.get(key) === promise) this.#inFlight.delete(key);
        if (epoch === this.#epoch) this.#store(key, check, decision);
        return decision;
      },
      (error: unknown) => {
        if (this.#inFlight.get(key) === promise) this.#inFlight.delete(key);
        throw error;
      },
    );
    this.#inFlight.set(key, promise);
    return promise;
  }

  /**
   * Drops the decisions an event may have changed: the person's in the
   * event's organization when the event names one (`data.userId`), the whole
   * organization's for `organization.*` and `directory_group.*`. Returns how
   * many cached decisions were dropped.
   */
  invalidate(event: Pick<AtriumEvent, "type" | "organizationId" | "data">): number {
    const wholeOrganization = dropsOrganization(event);
    const userId = typeof event.data?.userId === "string" ? event.data.userId : null;
    if (!wholeOrganization && userId === null) return 0;
    this.#epoch++;
    let dropped = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.organizationId !== event.organizationId) continue;
      if (wholeOrganization || entry.principalId === userId) {
        this.#entries.delete(key);
        dropped++;
      }
    }
    // Checks in flight finish for their callers; a new check asks again.
    this.#inFlight.clear();
    return dropped;
  }

  /** Forgets every decision. */
  clear(): void {
    this.#epoch++;
    this.#entries.clear();
    this.#inFlight.clear();
  }

  /** Decisions held (expired ones included until they are asked for or pushed out). */
  get size(): number {
    return this.#entries.size;
  }

  #store(key: string, check: Check, decision: Decision) {
    if (this.#ttl <= 0 || check.principal.type !== "user") return;
    this.#entries.delete(key);
    this.#entries.set(key, { organizationId: check.organizationId, principalId: check.principal.id, decision, expiresAt: this.#now() + this.#ttl });
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  #flush() {
    const queue = this.#queue;
    this.#queue = [];
    for (let i = 0; i < queue.length; i += MAX_CHECKS_PER_CALL) {
      const batch = queue.slice(i, i + MAX_CHECKS_PER_CALL);
      this.#send(batch.map((p) => p.check)).then(
        (results) => {
          batch.forEach((p, j) => {
            const result = results[j];
            if (result) p.resolve(result);
            else p.reject(new Error(`Atrium answered ${results.length} decisions for ${batch.length} checks.`));
          });
        },
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      );
    }
  }
}
