/**
 * A TCP proxy on 127.0.0.1 between Atrium and PostgreSQL that can slow the
 * database down: every chunk, in both directions, is held for `delayMs`
 * before it is passed on (order kept). A round trip then costs at least twice
 * the delay, like a database on a congested network or a saturated host.
 */
import { createServer, Socket, type Server } from "node:net";

export interface LatencyProxy {
  port: number;
  /** Delay per chunk and direction, in milliseconds; 0 passes traffic straight on. */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

function delayedPipe(from: Socket, to: Socket, delay: () => number) {
  let chain = Promise.resolve();
  from.on("data", (chunk: Buffer) => {
    const ms = delay();
    const due = Date.now() + ms;
    chain = chain.then(
      () =>
        new Promise<void>((resolve) => {
          const wait = due - Date.now();
          if (wait <= 0) {
            if (!to.destroyed) to.write(chunk);
            resolve();
          } else {
            setTimeout(() => {
              if (!to.destroyed) to.write(chunk);
              resolve();
            }, wait);
          }
        }),
    );
  });
  from.on("end", () => void chain.then(() => to.end()));
  from.on("error", () => to.destroy());
  from.on("close", () => void chain.then(() => to.destroy()));
}

export async function startLatencyProxy(targetPort: number, listenPort: number): Promise<LatencyProxy> {
  let delayMs = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    client.on("close", () => sockets.delete(client));
    upstream.on("close", () => sockets.delete(upstream));
    upstream.connect(targetPort, "127.0.0.1");
    delayedPipe(client, upstream, () => delayMs);
    delayedPipe(upstream, client, () => delayMs);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", () => resolve());
  });
  return {
    port: listenPort,
    setDelay(ms) {
      delayMs = ms;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
