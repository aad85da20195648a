-- The audit log: append-only, partitioned by month, and hash-chained per
-- organization (platform-level events, with no organization, form one more
-- chain keyed by the nil UUID).
--
-- Personal data (the actor's label/e-mail, IP, user agent, and `personal`:
-- names and addresses the event mentions) is kept out of the chain: each row
-- commits to it with pii_digest = SHA-256(pii_salt || those fields), and the
-- chain hashes the digest. Erasure (GDPR) replaces the personal fields with
-- pseudonyms and drops the salt; the digest — and so the chain — stays valid,
-- and nothing in it can be brute-forced back without the salt.
CREATE TYPE audit_status AS ENUM ('success', 'denied', 'error');
CREATE TYPE audit_actor_type AS ENUM ('user', 'api_key', 'scim', 'system', 'staff', 'anonymous');

CREATE TABLE audit_events (
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  organization_id  uuid,
  seq              bigint NOT NULL DEFAULT 0,
  occurred_at      timestamptz NOT NULL DEFAULT now(),
  action           text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  status           audit_status NOT NULL,
  actor_type       audit_actor_type NOT NULL,
  actor_id         text,
  impersonator_id  uuid,
  resource_type    text NOT NULL,
  resource_id      text,
  request_id       text,
  details          jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- personal data, committed to by pii_digest
  actor_label      text,
  ip               text,
  user_agent       text,
  personal         jsonb NOT NULL DEFAULT '{}'::jsonb,
  pii_salt         bytea,
  pii_digest       bytea NOT NULL DEFAULT ''::bytea,
  pii_erased_at    timestamptz,
  -- the chain
  prev_hash        bytea NOT NULL DEFAULT ''::bytea,
  hash             bytea NOT NULL DEFAULT ''::bytea,
  PRIMARY KEY (occurred_at, id)
) PARTITION BY RANGE (occurred_at);

CREATE INDEX audit_events_org_time_idx ON audit_events (organization_id, occurred_at DESC, id DESC);
CREATE INDEX audit_events_org_seq_idx ON audit_events (organization_id, seq);
CREATE INDEX audit_events_occurred_at_brin ON audit_events USING brin (occurred_at);

-- The head of every chain: the last sequence number and hash written.
CREATE TABLE audit_chain_heads (
  chain_key   uuid PRIMARY KEY,
  last_seq    bigint NOT NULL,
  last_hash   bytea NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The commitment to an event's personal data.
CREATE FUNCTION audit_pii_digest(salt bytea, actor_label text, ip text, user_agent text, personal jsonb) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
  SELECT sha256(salt || convert_to(jsonb_build_array(actor_label, ip, user_agent, personal)::text, 'UTF8'))
$$;

-- The hash of one event: SHA-256 over the previous hash followed by the UTF-8
-- text of a JSON array of the event's fields, in this order (personal data
-- only through its digest). jsonb renders a value one way only, so the digest
-- is reproducible from the stored row.
CREATE FUNCTION audit_event_digest(
  prev_hash bytea, organization_id uuid, seq bigint, id uuid, occurred_at timestamptz,
  action text, status audit_status, actor_type audit_actor_type, actor_id text,
  impersonator_id uuid, resource_type text, resource_id text, request_id text,
  details jsonb, pii_digest bytea
) RETURNS bytea
LANGUAGE sql STABLE AS $$
  SELECT sha256(prev_hash || convert_to(jsonb_build_array(
    organization_id, seq, id,
    to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    action, status, actor_type, actor_id, impersonator_id,
    resource_type, resource_id, request_id, details, encode(pii_digest, 'hex')
  )::text, 'UTF8'))
$$;

-- Every insert takes the next link of its chain. The first insert of a
-- transaction into a chain locks the chain's head row (so concurrent writers
-- to one chain are serialized and a rolled-back event leaves no gap) and
-- keeps the head in a transaction-local setting; further inserts in the same
-- transaction read it from there, and a deferred trigger writes the head back
-- once at commit. A bulk insert of n events therefore costs O(n), not the
-- O(n²) of updating one row n times in a transaction.
CREATE FUNCTION audit_chain_slot(chain uuid) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT 'atrium.chain_' || replace(chain::text, '-', '') $$;

CREATE FUNCTION audit_events_link() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  chain  uuid := coalesce(NEW.organization_id, '00000000-0000-0000-0000-000000000000');
  slot   text := audit_chain_slot(chain);
  cached text := current_setting(slot, true);
  last_seq bigint;
  last_hash bytea;
BEGIN
  IF cached IS NULL OR cached = '' THEN
    INSERT INTO audit_chain_heads (chain_key, last_seq, last_hash)
    VALUES (chain, 0, decode(repeat('00', 32), 'hex'))
    ON CONFLICT (chain_key) DO NOTHING;
    SELECT h.last_seq, h.last_hash INTO last_seq, last_hash
      FROM audit_chain_heads h WHERE h.chain_key = chain FOR UPDATE;
  ELSE
    last_seq := split_part(cached, ':', 1)::bigint;
    last_hash := decode(split_part(cached, ':', 2), 'hex');
  END IF;
  NEW.pii_salt := uuid_send(gen_random_uuid());
  NEW.pii_digest := audit_pii_digest(NEW.pii_salt, NEW.actor_label, NEW.ip, NEW.user_agent, NEW.personal);
  NEW.pii_erased_at := NULL;
  NEW.seq := last_seq + 1;
  NEW.prev_hash := last_hash;
  NEW.hash := audit_event_digest(
    NEW.prev_hash, NEW.organization_id, NEW.seq, NEW.id, NEW.occurred_at, NEW.action,
    NEW.status, NEW.actor_type, NEW.actor_id, NEW.impersonator_id,
    NEW.resource_type, NEW.resource_id, NEW.request_id, NEW.details, NEW.pii_digest);
  PERFORM set_config(slot, NEW.seq || ':' || encode(NEW.hash, 'hex'), true);
  PERFORM set_config(slot || '_dirty', 'on', true);
  RETURN NEW;
END $$;

CREATE TRIGGER audit_events_link_before_insert
  BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_link();

-- At commit: write each touched chain's head back once.
CREATE FUNCTION audit_chain_heads_flush() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  chain uuid := coalesce(NEW.organization_id, '00000000-0000-0000-0000-000000000000');
  slot  text := audit_chain_slot(chain);
  head  text;
BEGIN
  IF current_setting(slot || '_dirty', true) = 'on' THEN
    head := current_setting(slot);
    UPDATE audit_chain_heads
       SET last_seq = split_part(head, ':', 1)::bigint,
           last_hash = decode(split_part(head, ':', 2), 'hex'),
           updated_at = now()
     WHERE chain_key = chain;
    PERFORM set_config(slot || '_dirty', 'off', true);
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER audit_events_flush_chain_head
  AFTER INSERT ON audit_events
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION audit_chain_heads_flush();

-- Append-only: rows are deleted only by the retention path (which sets
-- atrium.audit_retention for its transaction), and the only update allowed
-- is erasure of personal data (atrium.audit_erasure), which may change the
-- personal fields and drop the salt, nothing else.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('atrium.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND current_setting('atrium.audit_erasure', true) = 'on'
     AND NEW.pii_salt IS NULL AND NEW.pii_erased_at IS NOT NULL
     AND (NEW.id, NEW.organization_id, NEW.seq, NEW.occurred_at, NEW.action, NEW.status, NEW.actor_type,
          NEW.actor_id, NEW.impersonator_id, NEW.resource_type, NEW.resource_id, NEW.request_id, NEW.details,
          NEW.pii_digest, NEW.prev_hash, NEW.hash)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.organization_id, OLD.seq, OLD.occurred_at, OLD.action, OLD.status, OLD.actor_type,
          OLD.actor_id, OLD.impersonator_id, OLD.resource_type, OLD.resource_id, OLD.request_id, OLD.details,
          OLD.pii_digest, OLD.prev_hash, OLD.hash) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- Monthly partitions named audit_events_yYYYYmMM, created ahead of time by
-- this function (called here, at API start and by the worker's daily job).
CREATE FUNCTION audit_events_ensure_partitions(from_month date, to_month date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  m date := date_trunc('month', from_month)::date;
  created integer := 0;
  part text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit_events_ensure_partitions'));
  WHILE m <= to_month LOOP
    part := format('audit_events_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM'));
    IF to_regclass(part) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)',
        part, m, (m + interval '1 month')::date);
      created := created + 1;
    END IF;
    m := (m + interval '1 month')::date;
  END LOOP;
  RETURN created;
END $$;

SELECT audit_events_ensure_partitions(
  (date_trunc('month', now()) - interval '24 months')::date,
  (date_trunc('month', now()) + interval '3 months')::date);
