/**
 * The server process: the Atrium API and the bare baseline server, both on
 * 127.0.0.1 ephemeral ports. It runs apart from the load generator so that
 * autocannon's own work does not share the servers' event loop.
 */
import { buildServer, loadApiEnv } from "@atrium/api";
import { createDb, type Db } from "@atrium/db";
import Fastify, { type FastifyInstance } from "fastify";
import pg from "pg";
import { SCENARIOS } from "../scenarios/index.ts";
import type { ServersReady, StartServers, ToServers } from "./messages.ts";

interface Running {
  api: FastifyInstance;
  bare: FastifyInstance;
  db: Db;
  pool: pg.Pool;
}

let running: Running | undefined;

const send = (message: ServersReady) => process.send!(message);

async function start({ databaseUrl, poolSize }: StartServers) {
  const db = createDb(databaseUrl, { maxConnections: poolSize });
  const api = await buildServer({ db, env: loadApiEnv({ NODE_ENV: "test", DATABASE_URL: databaseUrl, PORT: "0" }) });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const bare = Fastify({ logger: false });
  for (const scenario of SCENARIOS) scenario.registerBareRoute(bare, pool);
  running = { api, bare, db, pool };
  send({ type: "ready", trpc: await listen(api), bare: await listen(bare) });
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

async function stop() {
  if (running) {
    const { api, bare, db, pool } = running;
    running = undefined;
    await Promise.all([api.close(), bare.close()]);
    await Promise.all([db.$disconnect(), pool.end()]);
  }
}

const fail = (error: unknown) => {
  console.error(error);
  process.exit(1);
};

process.on("message", (message: ToServers) => {
  if (message.type === "start") start(message).catch(fail);
  else stop().then(() => process.exit(0), fail);
});

// The benchmark went away without stopping us: do not outlive it.
process.on("disconnect", () => {
  stop().finally(() => process.exit(0));
});
