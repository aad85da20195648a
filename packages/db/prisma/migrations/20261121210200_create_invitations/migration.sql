-- Invitations by e-mail. Only the SHA-256 of the token is stored; a new token
-- replaces the old one on resend. One pending invitation per address and org.
CREATE TYPE invitation_status AS ENUM ('pending', 'accepted', 'declined', 'revoked');

CREATE TABLE invitations (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  email            citext NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
  role             system_role,
  custom_role_id   uuid REFERENCES roles (id),
  token_hash       text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  status           invitation_status NOT NULL DEFAULT 'pending',
  invited_by       uuid REFERENCES users (id),
  expires_at       timestamptz NOT NULL,
  sent_count       integer NOT NULL DEFAULT 1,
  last_sent_at     timestamptz NOT NULL DEFAULT now(),
  responded_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT invitations_token_hash_key UNIQUE (token_hash),
  CONSTRAINT invitations_one_role CHECK ((role IS NULL) <> (custom_role_id IS NULL))
);
CREATE UNIQUE INDEX invitations_pending_email_key ON invitations (organization_id, email) WHERE status = 'pending';
CREATE INDEX invitations_organization_id_idx ON invitations (organization_id, created_at DESC);
