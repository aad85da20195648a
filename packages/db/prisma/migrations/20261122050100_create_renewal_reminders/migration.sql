-- Renewal reminders sent: one row per contract, threshold (days before
-- renewal) and renewal date. The primary key is what makes the
-- renewal-reminders job exactly-once across workers and retries: the row, its
-- e-mails (outbox) and the contract's move to renewal_pending commit together.
-- A renewed contract (new renewal date) starts a fresh cycle.
CREATE TABLE renewal_reminders (
  contract_id      uuid NOT NULL REFERENCES contracts (id),
  threshold        smallint NOT NULL CHECK (threshold IN (90, 60, 30)),
  renewal_date     date NOT NULL,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  recipients       text[] NOT NULL,
  sent_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (contract_id, threshold, renewal_date)
);
CREATE INDEX renewal_reminders_organization_id_idx ON renewal_reminders (organization_id);
