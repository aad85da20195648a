-- Analytics dimensions of a usage event, besides its billable metric and quantity:
-- operation: what the product did (free text it chooses, e.g. `export.pdf`); events reported without
--   one get `(none)`, which the product's own charset (letters, digits, `. _ - : /`) cannot produce.
-- status: `ok` or `error` when the product says; duration_ms: how long it took; resource_id: what it
--   acted on. Adding a NOT NULL column with a constant default rewrites nothing.
ALTER TABLE usage_events
  ADD COLUMN operation   text NOT NULL DEFAULT '(none)'
    CHECK (operation = '(none)' OR operation ~ '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$'),
  ADD COLUMN status      text CHECK (status IN ('ok', 'error')),
  ADD COLUMN duration_ms integer CHECK (duration_ms >= 0),
  ADD COLUMN resource_id text CHECK (length(resource_id) BETWEEN 1 AND 200);
