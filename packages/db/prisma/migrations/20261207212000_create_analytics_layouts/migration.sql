-- A person's layout of an organization's analytics page: the cards in their order, each pinned
-- or hidden. No row: the default layout. Validated by the API (known card ids, each once).
CREATE TABLE analytics_layouts (
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  cards            jsonb NOT NULL CHECK (jsonb_typeof(cards) = 'array'),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, user_id)
);
