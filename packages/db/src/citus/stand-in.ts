/**
 * Stand-ins for Citus's `create_distributed_table` and `create_reference_table`
 * (Citus is not packaged for the embedded PostgreSQL), as plpgsql that
 * enforces the rules Citus applies when a table is distributed — so a test can
 * apply the generated plan to a real migrated database and see it accepted:
 *
 * - the distribution column exists and holds no NULL;
 * - every primary key, unique constraint, exclusion constraint and unique
 *   index of a distributed table includes the distribution column;
 * - `colocate_with` names a distributed table whose distribution column has
 *   the same type (the table then joins its co-location group);
 * - a foreign key from a distributed table goes to a reference table, or to a
 *   distributed table of the same co-location group with the distribution
 *   column on both sides at the same position; never to a local table;
 * - a reference table's foreign keys go to reference tables only;
 * - tables with user triggers need `citus.enable_unsafe_triggers`;
 * - a table is distributed once.
 *
 * `citus_stand_in_violations()` then checks every foreign key of the database
 * against the final placement (a local table may reference reference tables,
 * never a distributed one).
 */
export const CITUS_STAND_IN = /* sql */ `
CREATE SCHEMA citus_stand_in;
CREATE TABLE citus_stand_in.placement (
  relid             regclass PRIMARY KEY,
  kind              text NOT NULL CHECK (kind IN ('distributed', 'reference')),
  column_name       text,
  column_type       regtype,
  colocation_id     integer
);

CREATE FUNCTION citus_stand_in.kind_of(rel regclass) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT coalesce((SELECT kind FROM citus_stand_in.placement WHERE relid = rel), 'local') $$;

-- The position of attribute "att" in a constraint's column list (1-based), or 0.
CREATE FUNCTION citus_stand_in.position_in(cols int2[], att int2) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(array_position(cols, att), 0) $$;

CREATE FUNCTION citus_stand_in.check_triggers(rel regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = rel AND NOT tgisinternal)
     AND coalesce(current_setting('citus.enable_unsafe_triggers', true), 'off') <> 'on' THEN
    RAISE EXCEPTION 'cannot distribute relation "%" because it has triggers', rel
      USING HINT = 'Consider setting citus.enable_unsafe_triggers';
  END IF;
END $$;

-- Foreign keys from "rel" (and, where the other side is placed already, to it) against the placement so far.
CREATE FUNCTION citus_stand_in.check_foreign_keys(rel regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  fk record;
  me citus_stand_in.placement;
  other citus_stand_in.placement;
  my_att int2;
  other_att int2;
BEGIN
  SELECT * INTO me FROM citus_stand_in.placement WHERE relid = rel;
  FOR fk IN SELECT * FROM pg_constraint WHERE contype = 'f' AND (conrelid = rel OR confrelid = rel) AND conparentid = 0 LOOP
    IF fk.conrelid = rel THEN
      SELECT * INTO other FROM citus_stand_in.placement WHERE relid = fk.confrelid;
      IF me.kind = 'reference' AND coalesce(other.kind, 'local') <> 'reference' THEN
        RAISE EXCEPTION 'cannot create foreign key constraint "%": reference table "%" may only reference reference tables, not "%"', fk.conname, rel, fk.confrelid::regclass;
      END IF;
      IF me.kind = 'distributed' THEN
        IF other.relid IS NULL THEN
          RAISE EXCEPTION 'cannot create foreign key constraint "%" since relations are not colocated or not referencing a reference table (% -> local %)', fk.conname, rel, fk.confrelid::regclass;
        END IF;
        IF other.kind = 'distributed' THEN
          IF other.colocation_id IS DISTINCT FROM me.colocation_id THEN
            RAISE EXCEPTION 'cannot create foreign key constraint "%" since relations are not colocated (% -> %)', fk.conname, rel, fk.confrelid::regclass;
          END IF;
          SELECT attnum INTO my_att FROM pg_attribute WHERE attrelid = rel AND attname = me.column_name;
          SELECT attnum INTO other_att FROM pg_attribute WHERE attrelid = fk.confrelid AND attname = other.column_name;
          IF citus_stand_in.position_in(fk.conkey, my_att) = 0
             OR citus_stand_in.position_in(fk.conkey, my_att) <> citus_stand_in.position_in(fk.confkey, other_att) THEN
            RAISE EXCEPTION 'cannot create foreign key constraint "%": foreign keys between distributed tables must include the distribution column on both sides (% -> %)', fk.conname, rel, fk.confrelid::regclass;
          END IF;
        END IF;
      END IF;
    ELSE
      SELECT * INTO other FROM citus_stand_in.placement WHERE relid = fk.conrelid;
      IF me.kind = 'distributed' AND other.kind = 'reference' THEN
        RAISE EXCEPTION 'cannot create foreign key constraint "%": reference table "%" cannot reference distributed table "%"', fk.conname, fk.conrelid::regclass, rel;
      END IF;
    END IF;
  END LOOP;
END $$;

CREATE FUNCTION public.create_distributed_table(table_name regclass, distribution_column text, distribution_type text DEFAULT 'hash', colocate_with text DEFAULT 'default')
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  col record;
  bad record;
  group_id integer;
  nulls boolean;
BEGIN
  IF EXISTS (SELECT 1 FROM citus_stand_in.placement WHERE relid = table_name) THEN
    RAISE EXCEPTION 'table "%" is already distributed', table_name;
  END IF;
  SELECT attnum, atttypid INTO col FROM pg_attribute WHERE attrelid = table_name AND attname = distribution_column AND NOT attisdropped;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'column "%" of relation "%" does not exist', distribution_column, table_name;
  END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I IS NULL)', table_name, distribution_column) INTO nulls;
  IF nulls THEN
    RAISE EXCEPTION 'cannot distribute "%": column "%" has NULL values', table_name, distribution_column;
  END IF;
  SELECT c.conname AS name INTO bad FROM pg_constraint c
   WHERE c.conrelid = table_name AND c.contype IN ('p', 'u', 'x') AND NOT (col.attnum = ANY (c.conkey)) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'cannot create constraint on "%" (%): Distributed relations cannot have UNIQUE, EXCLUDE, or PRIMARY KEY constraints that do not include the partition column', table_name, bad.name;
  END IF;
  SELECT i.indexrelid::regclass::text AS name INTO bad FROM pg_index i
   WHERE i.indrelid = table_name AND (i.indisunique OR i.indisexclusion) AND NOT (col.attnum = ANY (i.indkey::int2[])) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'cannot create unique index % on "%": it does not include the distribution column', bad.name, table_name;
  END IF;
  PERFORM citus_stand_in.check_triggers(table_name);
  IF colocate_with IN ('default', 'none') THEN
    SELECT coalesce(max(colocation_id), 0) + 1 INTO group_id FROM citus_stand_in.placement;
  ELSE
    SELECT p.colocation_id INTO group_id FROM citus_stand_in.placement p
     WHERE p.relid = colocate_with::regclass AND p.kind = 'distributed' AND p.column_type = col.atttypid;
    IF group_id IS NULL THEN
      RAISE EXCEPTION 'cannot colocate "%" with "%": it is not a distributed table with a distribution column of type %', table_name, colocate_with, col.atttypid::regtype;
    END IF;
  END IF;
  INSERT INTO citus_stand_in.placement VALUES (table_name, 'distributed', distribution_column, col.atttypid, group_id);
  PERFORM citus_stand_in.check_foreign_keys(table_name);
END $$;

CREATE FUNCTION public.create_reference_table(table_name regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM citus_stand_in.placement WHERE relid = table_name) THEN
    RAISE EXCEPTION 'table "%" is already distributed', table_name;
  END IF;
  PERFORM citus_stand_in.check_triggers(table_name);
  INSERT INTO citus_stand_in.placement VALUES (table_name, 'reference', NULL, NULL, NULL);
  PERFORM citus_stand_in.check_foreign_keys(table_name);
END $$;

-- After the plan: every foreign key against the final placement.
CREATE FUNCTION citus_stand_in.violations() RETURNS TABLE (constraint_name text, problem text)
LANGUAGE sql STABLE AS $$
  SELECT k.conname::text, format('%s (%s) -> %s (%s)', k.conrelid::regclass, citus_stand_in.kind_of(k.conrelid), k.confrelid::regclass, citus_stand_in.kind_of(k.confrelid))
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE k.contype = 'f' AND k.conparentid = 0 AND n.nspname = 'public'
     AND ((citus_stand_in.kind_of(k.conrelid) = 'local' AND citus_stand_in.kind_of(k.confrelid) = 'distributed')
       OR (citus_stand_in.kind_of(k.conrelid) = 'reference' AND citus_stand_in.kind_of(k.confrelid) <> 'reference'))
$$;
`;
