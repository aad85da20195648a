/**
 * The invalidation bus: how an API instance learns, within milliseconds, that
 * something it caches in process changed in PostgreSQL — on any instance, in
 * the worker, or by hand in psql.
 *
 * PostgreSQL announces the change itself: statement-level triggers on the
 * tables a cache reads `NOTIFY` a channel at commit (migration
 * `notify_access_changes` for `atrium_access_changed`). The bus keeps one
 * LISTEN connection per process and a `generation` number that moves on every
 * notification, and also whenever the connection is lost or comes back (what
 * was announced meanwhile is unknown). A cache tags each entry with the
 * generation it was read in and serves it only while the generation is
 * unchanged, the bus is listening, and the entry is younger than its own
 * short lifetime (the fallback for a connection that dies silently).
 *
 * A change made through this instance's own HTTP requests does not wait for
 * PostgreSQL: `bump()` moves the generation at once (the API does it for
 * every request that may write), so a caller always reads its own writes.
 */
import { listen, type Listener } from "@atrium/db/listen";

/** The channel the access triggers notify (payload: the changed table's name). */
export const ACCESS_CHANGED_CHANNEL = "atrium_access_changed";

export interface InvalidationBusOptions {
  /** The database to LISTEN on; absent: the bus never listens and caches built on it never serve. */
  url?: string | undefined;
  channels?: readonly string[];
  applicationName?: string;
  log?(message: string): void;
}

export class InvalidationBus {
  #generation = 0;
  #listening = false;
  readonly #listener: Listener | undefined;
  readonly #subscribers = new Set<(reason: string) => void>();

  constructor(options: InvalidationBusOptions) {
    if (!options.url) return;
    this.#listener = listen({
      url: options.url,
      channels: options.channels ?? [ACCESS_CHANGED_CHANNEL],
      applicationName: options.applicationName ?? "atrium-invalidation",
      onNotification: (_channel, payload) => this.bump(payload || "notification"),
      onDisconnect: () => {
        this.#listening = false;
        this.bump("listener lost");
      },
      onReconnect: () => {
        this.#listening = true;
        this.bump("listener reconnected");
      },
      ...(options.log ? { log: options.log } : {}),
    });
    void this.#listener.ready.then(() => {
      this.#listening = true;
      this.bump("listening");
    });
  }

  /** Resolves once the bus listens (or gave up because it was stopped). */
  get ready(): Promise<void> {
    return this.#listener?.ready ?? Promise.resolve();
  }

  /** Moves on every change announced, every lost or regained connection, and every local bump. */
  get generation(): number {
    return this.#generation;
  }

  /** Whether notifications can currently arrive: caches serve nothing while this is false. */
  get listening(): boolean {
    return this.#listening;
  }

  /** Invalidates everything read before now, on this instance only. */
  bump(reason = "local change"): void {
    this.#generation++;
    for (const subscriber of this.#subscribers) subscriber(reason);
  }

  /** Calls `fn` on every bump; returns the unsubscribe function. */
  subscribe(fn: (reason: string) => void): () => void {
    this.#subscribers.add(fn);
    return () => this.#subscribers.delete(fn);
  }

  async stop(): Promise<void> {
    this.#listening = false;
    this.bump("stopped");
    await this.#listener?.stop();
  }
}
