/**
 * The fault run's world: an embedded PostgreSQL in a temporary directory that
 * the run stops and starts itself (always on the same port), a migrated and
 * seeded database on it, a latency proxy in front of it, and directories for
 * process logs and mail.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyAuditChain } from "@atrium/core/audit";
import { seedDemo, type DemoData } from "@atrium/core/seed";
import { createDb, type Db } from "@atrium/db";
import { withAdminClient } from "@atrium/db/admin";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@atrium/db/embedded";
import { migrate } from "@atrium/db/migrate";
import { startLatencyProxy, type LatencyProxy } from "./proxy.ts";
import { RESULTS_DIR } from "./report.ts";

export const PORTS = { api: [3140, 3141], postgres: 55140, proxy: 55141 } as const;
const DATABASE = "atrium_faults";

export interface FaultEnvironment {
  /** Straight to PostgreSQL. */
  databaseUrl: string;
  /** Through the latency proxy. */
  proxiedUrl: string;
  proxy: LatencyProxy;
  /** The run's own connection (straight), for setting up and checking. */
  db: Db;
  demo: DemoData;
  logDir: string;
  /** ATRIUM_DATA_DIR of the workers (mail goes to `<dataDir>/mail`). */
  dataDir: string;
  /** Fast shutdown of PostgreSQL (`pg_ctl stop -m fast`). */
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** Every organization's audit chain (and the platform's) verifies. */
  verifyChains(): Promise<{ ok: boolean; checked: number; broken: string[] }>;
  close(): Promise<void>;
}

export async function createFaultEnvironment(): Promise<FaultEnvironment> {
  const root = await mkdtemp(join(tmpdir(), "atrium-faults-"));
  // Under root PostgreSQL runs as the postgres user, who must be able to reach the cluster directory.
  await chmod(root, 0o755);
  const pgDir = join(root, "pg");
  const start = () => startEmbeddedPostgres({ dataDir: pgDir, port: PORTS.postgres, fast: true });
  let server: EmbeddedPostgres = await start();
  if (server.reused) throw new Error(`a PostgreSQL server already runs on ${pgDir}`);
  await withAdminClient(server.url, (client) => client.query(`CREATE DATABASE ${DATABASE}`));
  const databaseUrl = server.urlFor(DATABASE);
  await migrate(databaseUrl);
  const db = createDb(databaseUrl, { maxConnections: 4 });
  const demo = await seedDemo(db);
  const proxy = await startLatencyProxy(PORTS.postgres, PORTS.proxy);
  const proxiedUrl = databaseUrl.replace(`:${PORTS.postgres}/`, `:${PORTS.proxy}/`);
  const logDir = join(RESULTS_DIR, "faults-logs");
  await rm(logDir, { recursive: true, force: true });
  let running = true;
  return {
    databaseUrl,
    proxiedUrl,
    proxy,
    db,
    demo,
    logDir,
    dataDir: join(root, "data"),
    async stopPostgres() {
      await server.stop();
      running = false;
    },
    async startPostgres() {
      server = await start();
      running = true;
    },
    async verifyChains() {
      const orgs = await db.organization.findMany({ select: { id: true, slug: true } });
      const broken: string[] = [];
      let checked = 0;
      for (const org of [...orgs, { id: null, slug: "(platform)" }]) {
        const result = await verifyAuditChain(db, org.id);
        checked += result.checked;
        if (!result.ok) broken.push(`${org.slug}: ${JSON.stringify(result.firstBroken)}`);
      }
      return { ok: broken.length === 0, checked, broken };
    },
    async close() {
      await db.$disconnect().catch(() => {});
      await proxy.close();
      if (running) await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
