-- Customer success: staff assignments and CS leads, support tickets with SLA
-- timers, NPS responses, audited impersonation with per-tenant policy, monthly
-- SLA records, health-score configuration and daily history, renewal outcomes
-- (for the backtest) and QBRs with their meetings.

-- A CS lead sees every customer and tunes health weights; other CSMs see the
-- customers assigned to them.
CREATE TABLE cs_leads (
  user_id     uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The CSM of a customer (a top-level organization; its children follow it).
CREATE TABLE customer_assignments (
  organization_id  uuid PRIMARY KEY REFERENCES organizations (id),
  csm_user_id      uuid NOT NULL REFERENCES users (id),
  assigned_by      uuid REFERENCES users (id),
  assigned_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_assignments_csm_user_id_idx ON customer_assignments (csm_user_id);

CREATE TABLE support_tickets (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number                 serial NOT NULL,
  organization_id        uuid NOT NULL REFERENCES organizations (id),
  subject                text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 200),
  description            text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  status                 text NOT NULL DEFAULT 'open'
                           CHECK (status IN ('open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed')),
  priority               text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  support_level          text NOT NULL CHECK (support_level IN ('standard', 'business', 'premium', 'dedicated')),
  opened_by              uuid REFERENCES users (id),
  assignee_id            uuid REFERENCES users (id),
  first_response_due_at  timestamptz NOT NULL,
  resolution_due_at      timestamptz NOT NULL,
  first_response_at      timestamptz,
  resolved_at            timestamptz,
  closed_at              timestamptz,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT support_tickets_number_key UNIQUE (number)
);
CREATE INDEX support_tickets_organization_id_created_at_idx ON support_tickets (organization_id, created_at);
CREATE INDEX support_tickets_status_idx ON support_tickets (status);

CREATE TABLE support_ticket_comments (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id        uuid NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  author_id        uuid REFERENCES users (id),
  is_staff         boolean NOT NULL,
  body             text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 10000),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_ticket_comments_ticket_id_idx ON support_ticket_comments (ticket_id);

CREATE TABLE nps_responses (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  user_id          uuid REFERENCES users (id),
  score            smallint NOT NULL CHECK (score BETWEEN 0 AND 10),
  comment          text NOT NULL DEFAULT '' CHECK (length(comment) <= 5000),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX nps_responses_organization_id_created_at_idx ON nps_responses (organization_id, created_at);

-- No row: impersonation allowed, read-only, up to 60 minutes.
CREATE TABLE impersonation_settings (
  organization_id  uuid PRIMARY KEY REFERENCES organizations (id),
  mode             text NOT NULL DEFAULT 'allowed' CHECK (mode IN ('allowed', 'approval_required', 'disabled')),
  allow_write      boolean NOT NULL DEFAULT false,
  max_minutes      integer NOT NULL DEFAULT 60 CHECK (max_minutes BETWEEN 5 AND 480),
  updated_by       uuid REFERENCES users (id),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE impersonation_sessions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  staff_user_id    uuid NOT NULL REFERENCES users (id),
  reason           text NOT NULL CHECK (length(btrim(reason)) BETWEEN 10 AND 1000),
  minutes          integer NOT NULL CHECK (minutes BETWEEN 5 AND 480),
  write_access     boolean NOT NULL DEFAULT false,
  status           text NOT NULL CHECK (status IN ('pending', 'active', 'ended', 'denied')),
  requested_at     timestamptz NOT NULL DEFAULT now(),
  decided_by       uuid REFERENCES users (id),
  decided_at       timestamptz,
  started_at       timestamptz,
  expires_at       timestamptz,
  ended_at         timestamptz,
  end_reason       text,
  CONSTRAINT impersonation_sessions_active CHECK (status <> 'active' OR (started_at IS NOT NULL AND expires_at IS NOT NULL))
);
CREATE INDEX impersonation_sessions_staff_user_id_status_idx ON impersonation_sessions (staff_user_id, status);
CREATE INDEX impersonation_sessions_organization_id_idx ON impersonation_sessions (organization_id);

-- Monthly service levels actually delivered, compared with the contract's commitments.
CREATE TABLE sla_monthly (
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  month            date NOT NULL CHECK (month = date_trunc('month', month)::date),
  uptime_pct       double precision NOT NULL CHECK (uptime_pct BETWEEN 0 AND 100),
  p99_latency_ms   integer NOT NULL CHECK (p99_latency_ms >= 0),
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, month)
);

-- One row: component weights (points out of 100), component thresholds, the
-- risk bands and how a parent's score rolls up from its children.
CREATE TABLE health_config (
  id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  weights     jsonb NOT NULL,
  thresholds  jsonb NOT NULL,
  rollup      text NOT NULL DEFAULT 'arr_weighted' CHECK (rollup IN ('arr_weighted', 'own', 'minimum')),
  updated_by  uuid REFERENCES users (id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO health_config (weights, thresholds) VALUES (
  '{"seat_utilization": 20, "usage_trend": 15, "feature_adoption": 15, "support_load": 10, "nps": 10, "payment_issues": 10, "recency": 10, "identity_adoption": 10}',
  '{"high_risk_below": 50, "medium_risk_below": 70, "seat_target_pct": 80, "trend_floor_pct": -30, "trend_ceiling_pct": 10, "support_load_max": 10, "recency_max_days": 14, "key_features": ["sso", "audit_log", "api", "workspaces", "reports"]}'
);

-- One score per organization and day; components holds the breakdown.
CREATE TABLE health_scores (
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  scored_on        date NOT NULL,
  score            smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
  own_score        smallint CHECK (own_score BETWEEN 0 AND 100),
  risk             text NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
  components       jsonb NOT NULL,
  computed_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, scored_on)
);
CREATE INDEX health_scores_scored_on_idx ON health_scores (scored_on);

-- What actually happened at a renewal, for the health-score backtest.
CREATE TABLE renewal_outcomes (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  renewal_date     date NOT NULL,
  outcome          text NOT NULL CHECK (outcome IN ('renewed', 'churned')),
  recorded_by      uuid REFERENCES users (id),
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT renewal_outcomes_organization_id_renewal_date_key UNIQUE (organization_id, renewal_date)
);

CREATE TABLE qbrs (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  quarter          text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
  period_start     date NOT NULL,
  period_end       date NOT NULL,
  content          jsonb NOT NULL,
  generated_by     text NOT NULL,
  generated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT qbrs_organization_id_quarter_key UNIQUE (organization_id, quarter)
);

CREATE TABLE qbr_meetings (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  qbr_id            uuid NOT NULL REFERENCES qbrs (id) ON DELETE CASCADE,
  organization_id   uuid NOT NULL REFERENCES organizations (id),
  starts_at         timestamptz NOT NULL,
  duration_minutes  integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 480),
  attendees         text[] NOT NULL,
  location          text NOT NULL DEFAULT '',
  created_by        uuid REFERENCES users (id),
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX qbr_meetings_qbr_id_idx ON qbr_meetings (qbr_id);

-- Identity adoption per organization. The SSO and SCIM domains redefine this
-- view when they land; until then no organization has either.
CREATE VIEW org_identity_adoption AS
  SELECT o.id AS organization_id, false AS sso_enforced, false AS scim_connected
    FROM organizations o;
