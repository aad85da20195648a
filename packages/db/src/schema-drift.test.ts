/**
 * Fails when the Prisma schema (prisma/schema/*.prisma) and the database built by the SQL
 * migrations disagree: tables, columns (type and nullability), enums and
 * index names, in both directions. Columns Prisma cannot express must be
 * declared `Unsupported("…")` in the schema.
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import internals from "@prisma/internals";
import { describe, expect, it } from "vitest";
import { createTestDatabase, withAdminClient } from "./testing.ts";

const schemaDir = fileURLToPath(new URL("../prisma/schema/", import.meta.url));
const schemaFiles = (await readdir(schemaDir)).filter((f) => f.endsWith(".prisma")).sort();
// The files of a multi-file schema together are one schema: read as one text.
const schemaText = (await Promise.all(schemaFiles.map((f) => readFile(schemaDir + f, "utf8")))).join("\n");
const { datamodel } = await internals.getDMMF({ datamodel: schemaText });
const { url } = await createTestDatabase();

interface Column {
  table: string;
  column: string;
  udt: string;
  nullable: boolean;
}

const database = await withAdminClient(url, async (c) => ({
  tables: (
    await c.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relname <> '_prisma_migrations'`,
    )
  ).rows.map((r) => r.name),
  columns: (
    await c.query<Column>(
      `SELECT table_name AS table, column_name AS column, udt_name AS udt, is_nullable = 'YES' AS nullable
         FROM information_schema.columns WHERE table_schema = 'public'`,
    )
  ).rows,
  enums: (
    await c.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    )
  ).rows,
  indexes: (
    await c.query<{ table: string; name: string; primary: boolean }>(
      `SELECT t.relname AS table, i.relname AS name, x.indisprimary AS primary
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND NOT t.relispartition AND t.relname <> '_prisma_migrations'`,
    )
  ).rows,
}));

const tableOf = (model: (typeof datamodel.models)[number]) => model.dbName ?? model.name;

function expectedUdt(field: (typeof datamodel.models)[number]["fields"][number]): string {
  if (field.kind === "enum") {
    const name = datamodel.enums.find((e) => e.name === field.type)?.dbName ?? field.type;
    return field.isList ? `_${name}` : name;
  }
  const native = field.nativeType?.[0];
  const byType: Record<string, string> = {
    String: native === "Uuid" ? "uuid" : native === "Citext" ? "citext" : "text",
    Int: native === "SmallInt" ? "int2" : "int4",
    BigInt: "int8",
    Decimal: "numeric",
    Float: "float8",
    Boolean: "bool",
    DateTime: native === "Timestamptz" ? "timestamptz" : native === "Date" ? "date" : "timestamp",
    Json: "jsonb",
    Bytes: "bytea",
  };
  const udt = byType[field.type];
  if (!udt) throw new Error(`schema-drift.test.ts does not know Prisma type ${field.type}; add it`);
  return field.isList ? `_${udt}` : udt;
}

/** Columns declared `name Unsupported("type")` (with their @map) per model. */
function unsupportedColumns(modelName: string): Map<string, string> {
  const body = new RegExp(`model ${modelName} \\{([\\s\\S]*?)\\n\\}`).exec(schemaText)?.[1] ?? "";
  const found = new Map<string, string>();
  for (const line of body.split("\n")) {
    const m = /^\s*(\w+)\s+Unsupported\("(\w+)"\)\??(.*)$/.exec(line);
    if (!m) continue;
    const mapped = /@map\("(\w+)"\)/.exec(m[3]!)?.[1];
    found.set(mapped ?? m[1]!, m[2]!);
  }
  return found;
}

/** Indexes Prisma cannot declare (partial, expression) are named in the model's doc comment: "SQL-only index: <name>". */
function sqlOnlyIndexes(documentation: string | undefined): string[] {
  return [...(documentation ?? "").matchAll(/SQL-only index: (\w+)/g)].map((m) => m[1]!);
}

describe("the Prisma schema matches the migrated database", () => {
  it("has the same tables", () => {
    expect(datamodel.models.map(tableOf).sort()).toEqual([...database.tables].sort());
  });

  for (const model of datamodel.models) {
    const table = tableOf(model);
    it(`${model.name} (${table}) has the same columns, types and nullability`, () => {
      const actual = database.columns.filter((c) => c.table === table);
      const fromSchema = model.fields
        .filter((f) => f.kind === "scalar" || f.kind === "enum")
        .map((f) => ({ column: f.dbName ?? f.name, udt: expectedUdt(f), nullable: !f.isRequired }));
      const unsupported = [...unsupportedColumns(model.name)].map(([column, udt]) => ({ column, udt }));
      const expected = [...fromSchema, ...unsupported].map((c) => c.column).sort();
      expect(actual.map((c) => c.column).sort()).toEqual(expected);
      for (const field of fromSchema) {
        const column = actual.find((c) => c.column === field.column);
        expect({ column: field.column, udt: column?.udt, nullable: column?.nullable }).toEqual(field);
      }
      for (const field of unsupported) {
        expect({ column: field.column, udt: actual.find((c) => c.column === field.column)?.udt }).toEqual(field);
      }
    });

    it(`${model.name} (${table}) has the same named indexes and unique constraints`, () => {
      const declared = datamodel.indexes
        .filter((i) => i.model === model.name && i.type !== "id")
        .map((i) => i.dbName ?? `${table}_${i.fields.map((f) => f.name).join("_")}_key`);
      const fieldUniques = model.fields.filter((f) => f.isUnique).map((f) => `${table}_${f.dbName ?? f.name}_key`);
      const sqlOnly = sqlOnlyIndexes(model.documentation);
      const actual = database.indexes.filter((i) => i.table === table && !i.primary).map((i) => i.name);
      expect([...new Set([...declared, ...fieldUniques, ...sqlOnly])].sort()).toEqual(actual.sort());
    });
  }

  it("has the same enums and values, in order", () => {
    const fromSchema = datamodel.enums.map((e) => ({ name: e.dbName ?? e.name, values: e.values.map((v) => v.dbName ?? v.name) }));
    const sortByName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(fromSchema.sort(sortByName)).toEqual([...database.enums].sort(sortByName));
  });
});
