/**
 * Generates the SQL that turns a migrated Atrium database into a Citus
 * cluster's schema (`npm run db:citus-plan`), from the live catalog and the
 * classification in tables.ts:
 *
 * 1. add `root_organization_id` to every distributed table and backfill it
 *    (organizations from their ltree path, other tables through the column
 *    that leads to their organization), then make it NOT NULL;
 * 2. drop the foreign keys that touch a distributed table, put the column in
 *    front of every primary key, unique constraint and unique index of the
 *    distributed tables, and re-create the foreign keys between distributed
 *    tables with the column on both sides (Citus's co-location rules); foreign
 *    keys from local tables to distributed ones are dropped as classified;
 * 3. `create_reference_table` for the reference tables, then
 *    `create_distributed_table(…, 'root_organization_id', colocate_with =>
 *    'organizations')` for the others, parents before children.
 *
 * It refuses (throws) when a table is not classified, when a global unique
 * constraint of a distributed table would silently become per-tenant, or
 * when a foreign key crosses classes in a way Citus does not allow.
 */
import pg from "pg";
import { DISTRIBUTION_COLUMN as ROOT, FUNCTION_REWRITES, PLATFORM_ROOT, TABLES, type Distributed, type TableClass } from "./tables.ts";

interface Catalog {
  tables: string[];
  nullable: Set<string>; // "table.column"
  keys: { table: string; name: string; def: string }[]; // primary keys and unique constraints
  uniqueIndexes: { table: string; name: string; def: string }[]; // unique indexes that back no constraint
  foreignKeys: { table: string; name: string; target: string; def: string }[];
  /** Definitions of the functions FUNCTION_REWRITES names. */
  functions: Record<string, string>;
}

export async function readCatalog(url: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async <T extends object>(sql: string) => (await client.query<T>(sql)).rows;
    const inPublic = `n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition`;
    const tables = await q<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${inPublic} ORDER BY 1`,
    );
    const nullable = await q<{ name: string }>(
      `SELECT c.relname || '.' || a.attname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${inPublic} AND a.attnum > 0 AND NOT a.attisdropped AND NOT a.attnotnull`,
    );
    const constraints = await q<{ table: string; name: string; type: string; target: string | null; def: string }>(
      `SELECT c.relname AS table, k.conname AS name, k.contype AS type, t.relname AS target, pg_get_constraintdef(k.oid) AS def
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_class t ON t.oid = k.confrelid
        WHERE ${inPublic} AND k.contype IN ('p', 'u', 'f', 'x') AND k.conparentid = 0 ORDER BY 1, 2`,
    );
    const uniqueIndexes = await q<{ table: string; name: string; def: string }>(
      `SELECT c.relname AS table, i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${inPublic} AND x.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = c.oid)
        ORDER BY 1, 2`,
    );
    const functions = await client.query<{ name: string; def: string }>(
      `SELECT p.proname AS name, pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proname = ANY($1)`,
      [FUNCTION_REWRITES.map((f) => f.name)],
    );
    const exclusions = constraints.filter((k) => k.type === "x");
    if (exclusions.length > 0) throw new Error(`Exclusion constraints are not handled: ${exclusions.map((k) => k.name).join(", ")}`);
    return {
      tables: tables.map((t) => t.name),
      nullable: new Set(nullable.map((c) => c.name)),
      keys: constraints.filter((k) => k.type === "p" || k.type === "u").map(({ table, name, def }) => ({ table, name, def })),
      uniqueIndexes,
      foreignKeys: constraints.filter((k) => k.type === "f").map(({ table, name, target, def }) => ({ table, name, target: target!, def })),
      functions: Object.fromEntries(functions.rows.map((f) => [f.name, f.def])),
    };
  } finally {
    await client.end();
  }
}

/** Tables in the catalog that TABLES does not classify, and classified tables the catalog lacks. */
export function classificationGaps(tables: readonly string[], classes: Record<string, TableClass> = TABLES) {
  return {
    unclassified: tables.filter((t) => !classes[t]),
    unknown: Object.keys(classes).filter((t) => !tables.includes(t)),
  };
}

const ident = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`);
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Orders `items` so that each comes after the ones it depends on (within the set). */
function topological(items: string[], dependsOn: (item: string) => string[]): string[] {
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (item: string, path: string[]) => {
    if (done.has(item)) return;
    if (path.includes(item)) return; // a cycle (self-references): order as listed
    for (const d of dependsOn(item)) if (items.includes(d) && d !== item) visit(d, [...path, item]);
    done.add(item);
    out.push(item);
  };
  for (const item of items) visit(item, []);
  return out;
}

/** `FOREIGN KEY (a) REFERENCES t(id) ON DELETE SET NULL` → with the distribution column on both sides. */
function colocatedForeignKey(def: string): string {
  const match = /^FOREIGN KEY \(([^)]+)\) REFERENCES ([^(]+)\(([^)]+)\)(.*)$/.exec(def);
  if (!match) throw new Error(`Unexpected foreign key definition: ${def}`);
  const [, columns, target, targetColumns, rest] = match as unknown as [string, string, string, string, string];
  // SET NULL / SET DEFAULT must not touch the distribution column (PostgreSQL ≥ 15 takes a column list).
  const actions = rest.replace(/ON (DELETE|UPDATE) SET (NULL|DEFAULT)(?! \()/g, `ON $1 SET $2 (${columns})`);
  return `FOREIGN KEY (${ROOT}, ${columns}) REFERENCES ${target}(${ROOT}, ${targetColumns})${actions}`;
}

function withRootFirst(def: string, what: string): string {
  const keyed = def.replace(/^(PRIMARY KEY|UNIQUE(?: NULLS NOT DISTINCT)?) \(/, `$1 (${ROOT}, `);
  const indexed = keyed === def ? def.replace(/ USING (\w+) \(/, ` USING $1 (${ROOT}, `) : keyed;
  if (indexed === def) throw new Error(`Cannot add the distribution column to ${what}: ${def}`);
  return indexed;
}

export interface CitusPlan {
  sql: string;
  /** Unique constraints/indexes that become unique per root organization (acknowledged in tables.ts). */
  narrowed: string[];
}

export function citusPlan(catalog: Catalog, classes: Record<string, TableClass> = TABLES): CitusPlan {
  const gaps = classificationGaps(catalog.tables, classes);
  if (gaps.unclassified.length > 0) throw new Error(`Classify these tables in packages/db/src/citus/tables.ts: ${gaps.unclassified.join(", ")}`);
  if (gaps.unknown.length > 0) throw new Error(`tables.ts classifies tables the database does not have: ${gaps.unknown.join(", ")}`);
  const kindOf = (t: string) => classes[t]!.kind;
  const distributed = catalog.tables.filter((t) => kindOf(t) === "distributed");
  const reference = catalog.tables.filter((t) => kindOf(t) === "reference");
  const rootOf = (t: string) => (classes[t] as Distributed).root ?? { column: "organization_id", parent: "organizations" };

  const out: string[] = [];
  const section = (title: string) => out.push("", `-- ${title}`);
  out.push(
    "-- Citus migration plan, generated by `npm run db:citus-plan` from the live catalog and",
    "-- packages/db/src/citus/tables.ts. See docs/SCALING.md. Review before running; on large",
    "-- tables run the backfill UPDATEs in batches.",
  );

  // 1. The distribution column, backfilled.
  section("1. root_organization_id on every distributed table, backfilled, then NOT NULL");
  for (const t of distributed) out.push(`ALTER TABLE ${ident(t)} ADD COLUMN ${ROOT} uuid;`);
  const backfillOrder = topological(distributed, (t) => {
    const root = rootOf(t);
    return root === "self" ? [] : [root.parent];
  });
  for (const t of backfillOrder) {
    const cls = classes[t] as Distributed;
    const root = rootOf(t);
    let value: string;
    if (root === "self") {
      value = `replace(ltree2text(subpath(path, 0, 1)), '_', '-')::uuid`;
    } else {
      if (kindOf(root.parent) !== "distributed") throw new Error(`${t}'s root comes from ${root.parent}, which is not distributed`);
      value = `(SELECT p.${ROOT} FROM ${ident(root.parent)} p WHERE p.id = ${ident(t)}.${ident(root.column)})`;
      if (cls.platformWhenNull) value = `coalesce(${value}, ${literal(PLATFORM_ROOT)}::uuid)`;
      else if (catalog.nullable.has(`${t}.${root.column}`)) throw new Error(`${t}.${root.column} is nullable: say in tables.ts where its null rows belong (platformWhenNull), or classify it otherwise`);
    }
    // Triggers off for the backfill: append-only guards, path maintenance, updated_at stamps.
    out.push(`ALTER TABLE ${ident(t)} DISABLE TRIGGER USER;`, `UPDATE ${ident(t)} SET ${ROOT} = ${value};`, `ALTER TABLE ${ident(t)} ENABLE TRIGGER USER;`);
  }
  for (const t of distributed) out.push(`ALTER TABLE ${ident(t)} ALTER COLUMN ${ROOT} SET NOT NULL;`);
  out.push(
    "-- A root is its own root; every other organization has a parent in the same tree (see organizations_set_path below).",
    `ALTER TABLE organizations ADD CONSTRAINT organizations_root_is_self CHECK ((parent_id IS NULL) = (${ROOT} = id));`,
  );

  // 2. Foreign keys off, keys widened, foreign keys back co-located.
  section("2. Foreign keys touching distributed tables, dropped (re-created in step 4 when both ends are distributed)");
  const readd: string[] = [];
  for (const fk of catalog.foreignKeys) {
    const from = kindOf(fk.table);
    const to = kindOf(fk.target);
    if (from !== "distributed" && to !== "distributed") continue;
    if (from === "distributed" && to === "reference") continue; // allowed as is
    if (from === "distributed" && to === "distributed") {
      out.push(`ALTER TABLE ${ident(fk.table)} DROP CONSTRAINT ${ident(fk.name)};`);
      readd.push(`ALTER TABLE ${ident(fk.table)} ADD CONSTRAINT ${ident(fk.name)} ${colocatedForeignKey(fk.def)};`);
      continue;
    }
    if (from === "distributed") throw new Error(`${fk.table}.${fk.name} references the ${to} table ${fk.target}: Citus allows foreign keys from a distributed table only to co-located distributed tables and reference tables`);
    const drop = (classes[fk.table] as { dropForeignKeys?: Record<string, string> }).dropForeignKeys?.[fk.name];
    if (!drop) throw new Error(`${fk.table}.${fk.name}: a ${from} table cannot reference the distributed table ${fk.target}; list it under dropForeignKeys in tables.ts with the reason, or reclassify`);
    out.push(`-- ${fk.table} is ${from}: ${drop}`, `ALTER TABLE ${ident(fk.table)} DROP CONSTRAINT ${ident(fk.name)};`);
  }

  section("3. The distribution column first in every primary key, unique constraint and unique index of the distributed tables");
  const narrowed: string[] = [];
  // A key is already per tenant when it includes a column that pins the row to one root organization.
  const pinning = (table: string) => {
    const root = rootOf(table);
    const columns = new Set(["organization_id", ...(root === "self" ? ["id", "parent_id"] : [root.column])]);
    for (const fk of catalog.foreignKeys.filter((f) => f.table === table && kindOf(f.target) === "distributed")) {
      for (const c of /^FOREIGN KEY \(([^)]+)\)/.exec(fk.def)![1]!.split(",")) columns.add(c.trim());
    }
    return columns;
  };
  const keyColumns = (def: string) => (/\(([^)]*)\)/.exec(def)?.[1] ?? "").split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
  const acknowledge = (table: string, name: string, def: string) => {
    if (/^PRIMARY KEY/.test(def)) return; // uuids, identities and composite keys of already-pinned columns
    const pins = pinning(table);
    if (keyColumns(def.replace(/^.* USING \w+ /, "")).some((c) => pins.has(c))) return;
    const reason = (classes[table] as Distributed).narrowedUniques?.[name];
    if (!reason) throw new Error(`${table}.${name} (${def}) is globally unique; on Citus it becomes unique per root organization: acknowledge it in tables.ts (narrowedUniques) with the reason that is acceptable`);
    narrowed.push(name);
    out.push(`-- ${name} becomes unique per root organization: ${reason}`);
  };
  for (const key of catalog.keys.filter((k) => kindOf(k.table) === "distributed")) {
    acknowledge(key.table, key.name, key.def);
    out.push(`ALTER TABLE ${ident(key.table)} DROP CONSTRAINT ${ident(key.name)}, ADD CONSTRAINT ${ident(key.name)} ${withRootFirst(key.def, key.name)};`);
  }
  for (const index of catalog.uniqueIndexes.filter((i) => kindOf(i.table) === "distributed")) {
    acknowledge(index.table, index.name, index.def);
    out.push(`DROP INDEX ${ident(index.name)};`, `${withRootFirst(index.def, index.name)};`);
  }

  section("4. Foreign keys between distributed tables, with the distribution column on both sides");
  out.push(...readd);

  section("5. Functions that address distributed tables by a widened key");
  for (const rewrite of FUNCTION_REWRITES) {
    let def = catalog.functions[rewrite.name];
    if (!def) throw new Error(`FUNCTION_REWRITES names ${rewrite.name}, which the database does not have`);
    for (const [from, to] of rewrite.replace) {
      if (!def.includes(from)) throw new Error(`${rewrite.name} no longer contains \`${from}\`: review FUNCTION_REWRITES in tables.ts`);
      def = def.replaceAll(from, to);
    }
    out.push(`-- ${rewrite.name}: ${rewrite.reason}`, `${def.trimEnd()};`);
  }

  // 6. Citus.
  section("6. Reference tables, then distributed tables co-located with organizations");
  out.push(
    "-- The audit log's triggers (hash chain, append-only guard) and the organizations path triggers run on",
    "-- the shards; each touches only rows of the same root organization (co-located), which is what",
    "-- citus.enable_unsafe_triggers requires of them.",
    "SET citus.enable_unsafe_triggers = on;",
  );
  const targetsOf = (t: string) => catalog.foreignKeys.filter((fk) => fk.table === t && fk.target !== t).map((fk) => fk.target);
  for (const t of topological(reference, targetsOf)) out.push(`SELECT create_reference_table(${literal(t)});`);
  const distributionOrder = topological(["organizations", ...distributed.filter((t) => t !== "organizations")], (t) => [
    ...targetsOf(t),
    ...(t === "organizations" ? [] : ["organizations"]),
  ]);
  for (const t of distributionOrder) {
    out.push(
      t === "organizations"
        ? `SELECT create_distributed_table('organizations', '${ROOT}');`
        : `SELECT create_distributed_table(${literal(t)}, '${ROOT}', colocate_with => 'organizations');`,
    );
  }
  out.push("");
  return { sql: out.join("\n"), narrowed };
}
