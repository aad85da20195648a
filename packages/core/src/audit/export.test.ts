import { createTestDatabase } from "@atrium/db/testing";
import { describe, expect, it } from "vitest";
import { systemActor } from "../actor.ts";
import { CSV_COLUMNS, exportAudit } from "./export.ts";
import type { AuditFilter } from "./search.ts";
import { readExport, requestExport, runExport } from "./exports.ts";
import { recordAudit } from "./writer.ts";

const { db } = await createTestDatabase();
const org = await db.organization.create({ data: { name: "Export Co", slug: "export-co" }, select: { id: true } });
const ROWS = 100_000;
// Events with awkward content: commas, quotes, newlines, a formula, unicode.
await db.$executeRaw`
  INSERT INTO audit_events (organization_id, occurred_at, action, status, actor_type, actor_label, resource_type, resource_id, details, personal)
  SELECT ${org.id}::uuid, now() - make_interval(secs => ${ROWS} - g), 'org.update', 'success', 'user', 'user' || g || '@example.com',
         'organization', CASE WHEN g % 3 = 1 THEN '=SUM(A1)' ELSE 'r' || g END,
         jsonb_build_object('n', g, 'note', CASE WHEN g % 3 = 0 THEN 'a, "quoted"
line' ELSE 'Zoë ✓' END),
         jsonb_build_object('name', 'Person ' || g)
    FROM generate_series(1, ${ROWS}) AS g`;

async function collect(chunks: AsyncIterable<string | Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(typeof c === "string" ? Buffer.from(c) : c);
  return Buffer.concat(parts);
}

describe("audit export", () => {
  it(`streams ${ROWS} events as CSV, one line per event after the header, formulas neutralized`, async () => {
    const csv = (await collect(exportAudit(db, org.id, {}, "csv"))).toString("utf8");
    const records = csv.split("\n").filter(Boolean);
    expect(records[0]).toBe("occurred_at,seq,id,action,status,actor_type,actor_id,actor_label,impersonator_id,resource_type,resource_id,ip,user_agent,request_id,details,personal,hash");
    expect(csv).toContain(`"{""n"": 3, ""note"": ""a, \\""quoted\\""\\nline""}"`);
    expect(csv).toContain(`,organization,'=SUM(A1),`);
    expect(csv.match(/\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,\d+,/g)).toHaveLength(ROWS);
  });

  it("formats every field as RFC 4180 says, byte for byte, whatever the field holds", async () => {
    const awkward = await db.organization.create({ data: { name: "Awkward Co", slug: "awkward-co" }, select: { id: true } });
    const texts = ["", "plain", "-1", "+x", "@sum", "\tindent", "\rreturn", "a,b", 'say "hi"', "two\nlines", "crlf\r\n", "Zoë ✓ 😀", "=1,2", "'quoted'"];
    for (const [i, text] of texts.entries()) {
      await recordAudit(db, { type: "user", userId: text, email: text, ip: text, userAgent: text, requestId: text }, {
        action: "org.update",
        organizationId: awkward.id,
        status: i % 2 ? "denied" : "success",
        resource: { type: text || "organization", id: i % 3 ? text : null },
        details: { text, i },
        personal: i % 4 ? { name: text } : {},
      });
    }
    // JSON other than an object: only a negative number could start a formula.
    await db.$executeRaw`
      INSERT INTO audit_events (organization_id, action, status, actor_type, actor_label, resource_type, details, personal)
      VALUES (${awkward.id}::uuid, 'org.update', 'success', 'system', 'scalars', 'organization', '-5'::jsonb, '"=x"'::jsonb)`;
    // The format spelled out, applied to the same rows (JSON as PostgreSQL renders jsonb): nothing for
    // null, a ' before a formula, quotes around a field that holds a quote, comma, CR or LF, or nothing.
    const field = (value: string | null) => {
      if (value === null) return "";
      const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
      return text === "" || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    };
    const rows = await db.$queryRaw<Record<string, string | null>[]>`
      SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at, seq::text AS seq, id::text AS id,
             action, status::text AS status, actor_type::text AS actor_type, actor_id, actor_label, impersonator_id::text AS impersonator_id,
             resource_type, resource_id, ip, user_agent, request_id, details::text AS details, personal::text AS personal, encode(hash, 'hex') AS hash
        FROM audit_events WHERE organization_id = ${awkward.id}::uuid ORDER BY audit_events.seq`;
    const expected = [CSV_COLUMNS.join(","), ...rows.map((r) => CSV_COLUMNS.map((c) => field(r[c]!)).join(","))].join("\n") + "\n";
    const csv = (await collect(exportAudit(db, awkward.id, {}, "csv"))).toString("utf8");
    expect(rows).toHaveLength(texts.length + 1);
    expect(csv).toBe(expected);
    expect(csv).toContain(`,"'\rreturn",`);
    expect(csv).toContain(`,'-1,`);
    expect(csv).toContain(`,scalars,,organization,,,,,'-5,"""=x""",`);
    expect(csv).toContain(`,"{""i"": 8, ""text"": ""say \\""hi\\""""}",`);
  });

  it("matches filter values literally, quotes and backslashes included, within its organization only", async () => {
    const [mine, other] = await Promise.all(
      ["Quoting Co", "Other Quoting Co"].map((name, i) => db.organization.create({ data: { name, slug: `quoting-${i}` }, select: { id: true } })),
    );
    const values = ["O'Brien", "back\\slash", "x' OR '1'='1", "50%_off", "\\'); DELETE FROM audit_events; --"];
    for (const o of [mine!, other!]) {
      for (const value of values) {
        await recordAudit(db, { type: "user", userId: "u1", email: value, ip: "10.0.0.1" }, {
          action: "org.update", organizationId: o.id, resource: { type: "organization", id: value }, details: { value },
        });
      }
    }
    const lines = async (filter: AuditFilter) =>
      (await collect(exportAudit(db, mine!.id, filter, "csv"))).toString("utf8").split("\n").filter(Boolean).length - 1;
    for (const value of values) {
      for (const filter of [{ q: value }, { actor: value }, { resourceId: value }, { resourceId: value, from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) }]) {
        expect({ filter, rows: await lines(filter) }).toEqual({ filter, rows: 1 });
      }
    }
    expect(await lines({ actions: ["org.update", "it's.*"] })).toBe(values.length);
    expect(await lines({ q: "%" })).toBe(1); // a literal percent sign, not a wildcard
    expect(await db.auditEvent.count({ where: { organizationId: other!.id } })).toBe(values.length);
  });

  it("produces byte-identical files through the background job and the stream", async () => {
    for (const format of ["csv", "ndjson"] as const) {
      const { id } = await requestExport(db, systemActor("test"), org.id, format, { actions: ["org.update"] });
      const result = await runExport(db, id);
      expect(result.rows).toBe(ROWS);
      const fromJob = await collect(readExport(db, org.id, id));
      const streamed = await collect(exportAudit(db, org.id, { actions: ["org.update"] }, format));
      expect(fromJob.equals(streamed)).toBe(true);
      const progress = await db.auditExport.findUniqueOrThrow({ where: { id }, select: { status: true, rowsDone: true, totalRows: true } });
      expect(progress).toEqual({ status: "done", rowsDone: BigInt(ROWS), totalRows: BigInt(ROWS) });
    }
  }, 120_000); // two formats of 100,000 rows, twice each, on a shared 2-core machine

  it("rebuilds an export from scratch when it is run again after a crash", async () => {
    const { id } = await requestExport(db, systemActor("test"), org.id, "ndjson", { actions: ["org.update"], q: "Person 99999" });
    await db.auditExport.update({ where: { id }, data: { status: "running", rowsDone: 5 } });
    await db.auditExportChunk.create({ data: { exportId: id, n: 0, data: Buffer.from("half-written") } });
    const result = await runExport(db, id);
    const file = (await collect(readExport(db, org.id, id))).toString();
    expect(result.rows).toBe(1);
    expect(file.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(file).personal).toEqual({ name: "Person 99999" });
  });
});
