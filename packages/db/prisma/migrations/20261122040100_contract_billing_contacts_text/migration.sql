-- node-postgres does not parse citext[] (its type id is assigned per
-- database), so the billing contacts come back as one "{a,b}" string. Store
-- them as text[], lower-cased by the service.
ALTER TABLE contracts ALTER COLUMN billing_contacts DROP DEFAULT;
ALTER TABLE contracts ALTER COLUMN billing_contacts TYPE text[] USING lower(billing_contacts::text)::text[];
ALTER TABLE contracts ALTER COLUMN billing_contacts SET DEFAULT '{}';
