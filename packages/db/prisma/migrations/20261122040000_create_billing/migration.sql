-- Billing, contracts and usage metering.
--
-- Money is always an integer amount of the currency's minor unit (cents,
-- pence) next to its currency; never a float. Every table that belongs to a
-- tenant carries organization_id.

CREATE TYPE billing_currency AS ENUM ('usd', 'eur', 'gbp');
CREATE TYPE payment_terms AS ENUM ('immediate', 'net_30', 'net_60', 'net_90');
CREATE TYPE billing_cycle AS ENUM ('monthly', 'quarterly', 'annual');
CREATE TYPE contract_status AS ENUM ('active', 'expired', 'cancelled', 'renewal_pending');
CREATE TYPE support_level AS ENUM ('standard', 'business', 'premium', 'dedicated');
CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void', 'uncollectible');
CREATE TYPE invoice_source AS ENUM ('contract', 'stripe', 'manual');
CREATE TYPE invoice_line_kind AS ENUM ('subscription', 'seats', 'usage', 'committed_true_up', 'proration', 'discount', 'adjustment');
CREATE TYPE stripe_subscription_status AS ENUM ('incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused');
CREATE TYPE stripe_event_status AS ENUM ('pending', 'processed', 'skipped', 'failed');
CREATE TYPE usage_metric AS ENUM ('api_calls', 'seats', 'storage_bytes', 'operations');

-- One per organization. bill_to_parent: the parent organization's account pays
-- (the invoice owner stays this organization). payment_issue_at is set while a
-- card payment has failed or an invoice is overdue (a health-score signal).
CREATE TABLE billing_accounts (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id       uuid NOT NULL REFERENCES organizations (id),
  stripe_customer_id    text,
  currency              billing_currency NOT NULL DEFAULT 'usd',
  billing_name          text CHECK (billing_name IS NULL OR length(btrim(billing_name)) BETWEEN 1 AND 200),
  billing_email         citext CHECK (billing_email IS NULL OR billing_email ~ '^[^@\s]+@[^@\s]+$'),
  bill_to_parent        boolean NOT NULL DEFAULT false,
  payment_issue_at      timestamptz,
  payment_issue_reason  text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT billing_accounts_organization_id_key UNIQUE (organization_id),
  CONSTRAINT billing_accounts_stripe_customer_id_key UNIQUE (stripe_customer_id)
);

-- Mirror of a Stripe subscription, written only by the stripe-events job.
-- last_event_at / last_event_id: the newest Stripe event applied, so an older
-- event delivered late never moves the state backwards.
CREATE TABLE stripe_subscriptions (
  id                    text PRIMARY KEY,
  organization_id       uuid NOT NULL REFERENCES organizations (id),
  billing_account_id    uuid NOT NULL REFERENCES billing_accounts (id),
  stripe_customer_id    text NOT NULL,
  status                stripe_subscription_status NOT NULL,
  plan                  plan_tier NOT NULL,
  price_id              text NOT NULL,
  quantity              integer NOT NULL DEFAULT 1 CHECK (quantity >= 0),
  current_period_start  timestamptz,
  current_period_end    timestamptz,
  cancel_at_period_end  boolean NOT NULL DEFAULT false,
  canceled_at           timestamptz,
  ended_at              timestamptz,
  last_event_at         timestamptz NOT NULL,
  last_event_id         text NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stripe_subscriptions_organization_id_idx ON stripe_subscriptions (organization_id);

-- Webhook inbox: each Stripe event stored once by its id, applied by the worker.
CREATE TABLE stripe_events (
  id                 text PRIMARY KEY,
  type               text NOT NULL,
  api_version        text,
  livemode           boolean NOT NULL DEFAULT false,
  stripe_created_at  timestamptz NOT NULL,
  payload            jsonb NOT NULL,
  status             stripe_event_status NOT NULL DEFAULT 'pending',
  attempts           integer NOT NULL DEFAULT 0,
  last_error         text,
  organization_id    uuid REFERENCES organizations (id),
  received_at        timestamptz NOT NULL DEFAULT now(),
  processed_at       timestamptz
);
CREATE INDEX stripe_events_pending_idx ON stripe_events (stripe_created_at) WHERE status = 'pending';

-- The legal entities that issue invoices; each numbers its invoices
-- sequentially without gaps (next_number is taken under a row lock when an
-- invoice is finalized).
CREATE TABLE invoice_issuers (
  id           text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{2,40}$'),
  name         text NOT NULL,
  prefix       text NOT NULL UNIQUE CHECK (prefix ~ '^[A-Z0-9]{2,10}$'),
  currency     billing_currency NOT NULL,
  address      text NOT NULL DEFAULT '',
  next_number  integer NOT NULL DEFAULT 1 CHECK (next_number >= 1),
  created_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO invoice_issuers (id, name, prefix, currency, address) VALUES
  ('atrium-us', 'Atrium, Inc.', 'AUS', 'usd', '548 Market St, San Francisco, CA 94104, USA'),
  ('atrium-eu', 'Atrium Europe B.V.', 'AEU', 'eur', 'Herengracht 420, 1017 BZ Amsterdam, Netherlands'),
  ('atrium-uk', 'Atrium Software Ltd', 'AUK', 'gbp', '1 Finsbury Avenue, London EC2M 2PF, United Kingdom');

-- An enterprise contract. Prices are minor units of `currency`.
-- usage_prices: {"<usage_metric>": {"unitAmountMinor": n, "unitSize": n}} — n minor
--   units per unitSize units (e.g. 40 cents per 1,000 API calls).
-- volume_tiers: [{"metric": "<usage_metric>", "upTo": n|null, "unitAmountMinor": n, "unitSize": n}]
--   ascending; the whole period's volume is priced at the tier it reaches.
-- committed_amount_minor: usage spend committed per contract year; the last
--   invoice of a contract year adds a true-up line for any shortfall.
-- csm_user_id / account_executive_user_id: platform staff users.
CREATE TABLE contracts (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id             uuid NOT NULL REFERENCES organizations (id),
  issuer_id                   text NOT NULL REFERENCES invoice_issuers (id),
  name                        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  status                      contract_status NOT NULL DEFAULT 'active',
  currency                    billing_currency NOT NULL,
  annual_value_minor          bigint NOT NULL CHECK (annual_value_minor >= 0),
  seats                       integer NOT NULL CHECK (seats >= 0),
  seat_price_minor            bigint NOT NULL DEFAULT 0 CHECK (seat_price_minor >= 0),
  usage_prices                jsonb NOT NULL DEFAULT '{}',
  volume_tiers                jsonb NOT NULL DEFAULT '[]',
  committed_amount_minor      bigint NOT NULL DEFAULT 0 CHECK (committed_amount_minor >= 0),
  start_date                  date NOT NULL,
  end_date                    date NOT NULL,
  renewal_date                date NOT NULL,
  auto_renew                  boolean NOT NULL DEFAULT false,
  payment_terms               payment_terms NOT NULL DEFAULT 'net_30',
  billing_cycle               billing_cycle NOT NULL DEFAULT 'annual',
  po_number                   text CHECK (po_number IS NULL OR length(po_number) BETWEEN 1 AND 100),
  sla_uptime_percent          numeric(6,3) CHECK (sla_uptime_percent IS NULL OR sla_uptime_percent BETWEEN 90 AND 100),
  sla_p99_latency_ms          integer CHECK (sla_p99_latency_ms IS NULL OR sla_p99_latency_ms > 0),
  sla_support_level           support_level NOT NULL DEFAULT 'standard',
  csm_user_id                 uuid REFERENCES users (id),
  account_executive_user_id   uuid REFERENCES users (id),
  billing_contacts            citext[] NOT NULL DEFAULT '{}',
  notes                       text NOT NULL DEFAULT '',
  previous_contract_id        uuid REFERENCES contracts (id),
  version                     integer NOT NULL DEFAULT 1,
  cancelled_at                timestamptz,
  created_by                  uuid REFERENCES users (id),
  updated_by                  uuid REFERENCES users (id),
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contracts_dates CHECK (start_date < end_date AND renewal_date <= end_date),
  CONSTRAINT contracts_usage_prices_object CHECK (jsonb_typeof(usage_prices) = 'object'),
  CONSTRAINT contracts_volume_tiers_array CHECK (jsonb_typeof(volume_tiers) = 'array')
);
CREATE INDEX contracts_organization_id_idx ON contracts (organization_id);
CREATE INDEX contracts_renewal_date_idx ON contracts (renewal_date);
CREATE INDEX contracts_csm_user_id_idx ON contracts (csm_user_id);
-- At most one live contract per organization.
CREATE UNIQUE INDEX contracts_live_organization_key ON contracts (organization_id)
  WHERE status IN ('active', 'renewal_pending');

-- Every change to a contract: version after the change, the fields changed
-- ({"field": {"from": …, "to": …}}), who and why.
CREATE TABLE contract_changes (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_id      uuid NOT NULL REFERENCES contracts (id),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  version          integer NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('created', 'updated', 'status_changed', 'renewed')),
  changes          jsonb NOT NULL DEFAULT '{}',
  reason           text NOT NULL DEFAULT '',
  changed_by       uuid REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contract_changes_contract_id_version_key UNIQUE (contract_id, version)
);
CREATE INDEX contract_changes_organization_id_idx ON contract_changes (organization_id);

-- An invoice. organization_id owns it (its contract, its usage);
-- payer_organization_id pays it (itself, or a parent under "bill to parent").
-- Drafts carry no number; finalizing takes the issuer's next number.
-- Card invoices mirrored from Stripe have source 'stripe' and Stripe's number.
CREATE TABLE invoices (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id         uuid NOT NULL REFERENCES organizations (id),
  payer_organization_id   uuid NOT NULL REFERENCES organizations (id),
  contract_id             uuid REFERENCES contracts (id),
  issuer_id               text REFERENCES invoice_issuers (id),
  source                  invoice_source NOT NULL,
  sequence_number         integer,
  number                  text,
  stripe_invoice_id       text,
  status                  invoice_status NOT NULL DEFAULT 'draft',
  currency                billing_currency NOT NULL,
  subtotal_minor          bigint NOT NULL DEFAULT 0,
  tax_minor               bigint NOT NULL DEFAULT 0 CHECK (tax_minor >= 0),
  total_minor             bigint NOT NULL DEFAULT 0 CHECK (total_minor >= 0),
  amount_paid_minor       bigint NOT NULL DEFAULT 0 CHECK (amount_paid_minor >= 0),
  period_start            date NOT NULL,
  period_end              date NOT NULL,
  payment_terms           payment_terms NOT NULL DEFAULT 'immediate',
  po_number               text CHECK (po_number IS NULL OR length(po_number) BETWEEN 1 AND 100),
  issued_at               timestamptz,
  due_date                date,
  paid_at                 timestamptz,
  voided_at               timestamptz,
  overdue_at              timestamptz,
  emailed_at              timestamptz,
  memo                    text NOT NULL DEFAULT '',
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT invoices_period CHECK (period_start <= period_end),
  CONSTRAINT invoices_total CHECK (total_minor = subtotal_minor + tax_minor),
  CONSTRAINT invoices_numbered CHECK (status = 'draft' OR number IS NOT NULL),
  CONSTRAINT invoices_issuer_sequence_key UNIQUE (issuer_id, sequence_number),
  CONSTRAINT invoices_number_key UNIQUE (number),
  CONSTRAINT invoices_stripe_invoice_id_key UNIQUE (stripe_invoice_id)
);
CREATE INDEX invoices_organization_id_idx ON invoices (organization_id, period_start DESC);
CREATE INDEX invoices_payer_organization_id_idx ON invoices (payer_organization_id, period_start DESC);
CREATE INDEX invoices_open_due_idx ON invoices (due_date) WHERE status = 'open';
-- One (non-void) invoice per contract and billing period: the invoicing job is safe to rerun.
CREATE UNIQUE INDEX invoices_contract_period_key ON invoices (contract_id, period_start)
  WHERE contract_id IS NOT NULL AND status <> 'void';

-- amount_minor = the line's charge (negative for credits: discounts, proration);
-- unit_amount_minor per unit_size units. organization_id: the organization
-- the line is for (a child's usage on a consolidated invoice).
CREATE TABLE invoice_lines (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  invoice_id         uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  organization_id    uuid NOT NULL REFERENCES organizations (id),
  position           integer NOT NULL,
  kind               invoice_line_kind NOT NULL,
  description        text NOT NULL,
  metric             usage_metric,
  quantity           bigint NOT NULL DEFAULT 1 CHECK (quantity >= 0),
  unit_amount_minor  bigint NOT NULL DEFAULT 0,
  unit_size          integer NOT NULL DEFAULT 1 CHECK (unit_size >= 1),
  amount_minor       bigint NOT NULL,
  period_start       date,
  period_end         date,
  CONSTRAINT invoice_lines_invoice_id_position_key UNIQUE (invoice_id, position)
);

-- A metered event. The idempotency key makes a retried report a no-op.
-- Counters (api_calls, operations) add up; gauges (seats, storage_bytes) report a level.
CREATE TABLE usage_events (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  metric           usage_metric NOT NULL,
  quantity         bigint NOT NULL CHECK (quantity >= 0),
  idempotency_key  text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  occurred_at      timestamptz NOT NULL DEFAULT now(),
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  source           text NOT NULL DEFAULT 'api',
  properties       jsonb NOT NULL DEFAULT '{}',
  CONSTRAINT usage_events_organization_id_idempotency_key_key UNIQUE (organization_id, idempotency_key)
);
CREATE INDEX usage_events_organization_id_occurred_at_idx ON usage_events (organization_id, metric, occurred_at);

-- One row per organization, metric and UTC day: the sum of a counter, the peak of a gauge.
CREATE TABLE usage_daily_rollups (
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  metric           usage_metric NOT NULL,
  day              date NOT NULL,
  quantity         bigint NOT NULL DEFAULT 0 CHECK (quantity >= 0),
  events           integer NOT NULL DEFAULT 0 CHECK (events >= 0),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, metric, day)
);
CREATE INDEX usage_daily_rollups_day_idx ON usage_daily_rollups (day);

-- Quota warnings sent (80 % and 100 %), once per organization, metric and period.
CREATE TABLE usage_quota_alerts (
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  metric           usage_metric NOT NULL,
  period_start     date NOT NULL,
  threshold        integer NOT NULL CHECK (threshold IN (80, 100)),
  sent_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, metric, period_start, threshold)
);
