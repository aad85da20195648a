/**
 * Background audit exports: requested in the API (audited), run by the
 * worker's audit-export job with progress, stored in PostgreSQL in chunks, and
 * downloaded from any API instance. A run that dies half-way starts over from
 * nothing on retry.
 */
import type { Db, Prisma } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { AppError, notFound } from "../errors.ts";
import { recordAudit } from "./writer.ts";
import { countAudit, exportAudit, type ExportFormat } from "./export.ts";
import type { AuditFilter } from "./search.ts";

const CHUNK_BYTES = 1024 * 1024;

const filterJson = (filter: AuditFilter): Prisma.InputJsonObject =>
  JSON.parse(JSON.stringify({ ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() })) as Prisma.InputJsonObject;

export function filterFromJson(json: unknown): AuditFilter {
  const f = json as Record<string, unknown>;
  return {
    ...(f as AuditFilter),
    from: typeof f["from"] === "string" ? new Date(f["from"]) : undefined,
    to: typeof f["to"] === "string" ? new Date(f["to"]) : undefined,
  };
}

/** Records that an export happened (streamed or as a job): exports are themselves audited. */
export async function auditExportEvent(db: Db | Prisma.TransactionClient, actor: Actor, organizationId: string, format: ExportFormat, filter: AuditFilter, exportId?: string) {
  await recordAudit(db, actor, {
    action: "audit.export",
    organizationId,
    resource: { type: "audit_log", id: exportId ?? null },
    details: { format, filter: filterJson(filter), mode: exportId ? "job" : "download" },
  });
}

export async function requestExport(db: Db, actor: Actor, organizationId: string, format: ExportFormat, filter: AuditFilter): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const running = await tx.auditExport.count({ where: { organizationId, status: { in: ["queued", "running"] } } });
    if (running >= 3) throw new AppError("TOO_MANY_REQUESTS", { userMessage: "Three exports are already running for this organization; wait for one to finish." });
    const created = await tx.auditExport.create({
      data: {
        organizationId,
        requestedById: actor.type === "user" || actor.type === "staff" ? actor.userId : null,
        format,
        filter: filterJson(filter),
      },
      select: { id: true },
    });
    await auditExportEvent(tx, actor, organizationId, format, filter, created.id);
    return created;
  });
}

export async function listExports(db: Db, organizationId: string) {
  const rows = await db.auditExport.findMany({
    where: { organizationId, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, format: true, status: true, totalRows: true, rowsDone: true, bytes: true, error: true, createdAt: true, finishedAt: true },
  });
  return rows.map((r) => ({ ...r, totalRows: r.totalRows === null ? null : Number(r.totalRows), rowsDone: Number(r.rowsDone), bytes: Number(r.bytes) }));
}

/** The worker's part: (re)builds the export from scratch, reporting progress as it goes. */
export async function runExport(db: Db, exportId: string): Promise<{ rows: number; bytes: number }> {
  const job = await db.auditExport.findUnique({ where: { id: exportId }, select: { organizationId: true, format: true, filter: true, status: true } });
  if (!job) throw new Error(`export ${exportId} does not exist`);
  if (job.status === "done") {
    const done = await db.auditExport.findUniqueOrThrow({ where: { id: exportId }, select: { rowsDone: true, bytes: true } });
    return { rows: Number(done.rowsDone), bytes: Number(done.bytes) };
  }
  const filter = filterFromJson(job.filter);
  const total = await countAudit(db, job.organizationId, filter);
  await db.$transaction(async (tx) => {
    await tx.auditExportChunk.deleteMany({ where: { exportId } });
    await tx.auditExport.update({ where: { id: exportId }, data: { status: "running", totalRows: total, rowsDone: 0, bytes: 0, error: null }, select: { id: true } });
  });
  let n = 0;
  let bytes = 0;
  let rows = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending);
    await db.auditExportChunk.create({ data: { exportId, n: n++, data }, select: { n: true } });
    bytes += data.length;
    pending = [];
    pendingBytes = 0;
    await db.auditExport.update({ where: { id: exportId }, data: { rowsDone: rows, bytes }, select: { id: true } });
  };
  try {
    for await (const chunk of exportAudit(db, job.organizationId, filter, job.format as ExportFormat, (done) => {
      rows = done;
    })) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    await db.auditExport.update({ where: { id: exportId }, data: { status: "done", rowsDone: rows, bytes, finishedAt: new Date() }, select: { id: true } });
    return { rows, bytes };
  } catch (error) {
    await db.auditExport.update({ where: { id: exportId }, data: { status: "failed", error: (error as Error).message.slice(0, 500) }, select: { id: true } });
    throw error;
  }
}

/** The finished file, chunk by chunk. */
export async function* readExport(db: Db, organizationId: string, exportId: string): AsyncGenerator<Buffer> {
  const job = await db.auditExport.findFirst({ where: { id: exportId, organizationId }, select: { status: true, expiresAt: true } });
  if (!job || job.expiresAt <= new Date()) throw notFound("The export");
  if (job.status !== "done") throw new AppError("CONFLICT", { userMessage: "The export is not finished yet." });
  for (let n = 0; ; n++) {
    const chunk = await db.auditExportChunk.findUnique({ where: { exportId_n: { exportId, n } }, select: { data: true } });
    if (!chunk) return;
    yield Buffer.from(chunk.data);
  }
}

export async function exportInfo(db: Db, organizationId: string, exportId: string) {
  const job = await db.auditExport.findFirst({ where: { id: exportId, organizationId }, select: { format: true, createdAt: true } });
  if (!job) throw notFound("The export");
  return job;
}
