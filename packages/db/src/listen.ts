/**
 * One LISTEN connection for a process: subscribes to PostgreSQL NOTIFY
 * channels and hands each notification to a callback. When the connection
 * drops it calls `onDisconnect`, reconnects (after a second) and calls
 * `onReconnect`, so callers can catch up on what was announced while nobody
 * was listening.
 */
import pg from "pg";

export interface ListenerOptions {
  url: string;
  channels: readonly string[];
  applicationName: string;
  onNotification(channel: string, payload: string): void;
  onReconnect?(): void;
  /** The listening connection was lost: notifications may be missed until `onReconnect`. */
  onDisconnect?(): void;
  log?(message: string): void;
}

export interface Listener {
  /** Resolves once the first connection listens. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function listen(options: ListenerOptions): Listener {
  const log = options.log ?? (() => {});
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let first = true;
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  const again = () => {
    if (!stopped) retry = setTimeout(() => void connect(), 1000);
  };
  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: options.url, application_name: options.applicationName });
    next.on("notification", (n) => options.onNotification(n.channel, n.payload ?? ""));
    next.on("error", (e) => {
      log(`${options.applicationName}: ${e.message}; reconnecting`);
      next.end().catch(() => {});
      if (client === next) {
        client = undefined;
        options.onDisconnect?.();
      }
      again();
    });
    // Closed by the server without an error first (e.g. a clean shutdown): the same as a lost connection.
    next.on("end", () => {
      if (stopped || client !== next) return;
      log(`${options.applicationName}: connection closed; reconnecting`);
      client = undefined;
      options.onDisconnect?.();
      again();
    });
    try {
      await next.connect();
      for (const channel of options.channels) await next.query(`LISTEN ${next.escapeIdentifier(channel)}`);
      if (stopped) return void (await next.end());
      client = next;
      if (first) resolveReady();
      else options.onReconnect?.();
      first = false;
    } catch (e) {
      log(`${options.applicationName}: ${(e as Error).message}; retrying`);
      next.end().catch(() => {});
      again();
    }
  };
  void connect();
  return {
    ready,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      resolveReady();
      await client?.end().catch(() => {});
    },
  };
}
