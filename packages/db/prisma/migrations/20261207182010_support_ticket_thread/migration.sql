-- The ticket thread: staff-only internal notes beside the replies both sides
-- see, and the timeline of status, priority and assignee changes. A note is
-- always the staff's (a customer cannot write one); an internal event
-- (assignee changes) is shown to staff only.
ALTER TABLE support_ticket_comments
  ADD COLUMN internal boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT support_ticket_comments_internal_check CHECK (NOT internal OR is_staff);

CREATE INDEX support_ticket_comments_ticket_id_created_at_idx ON support_ticket_comments (ticket_id, created_at);
DROP INDEX support_ticket_comments_ticket_id_idx;

CREATE TABLE support_ticket_events (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id        uuid NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  actor_id         uuid REFERENCES users (id),
  is_staff         boolean NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('status', 'priority', 'assignee')),
  from_value       text,
  to_value         text,
  internal         boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT support_ticket_events_internal_check CHECK (NOT internal OR is_staff)
);
CREATE INDEX support_ticket_events_ticket_id_created_at_idx ON support_ticket_events (ticket_id, created_at);
