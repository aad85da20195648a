-- Extensions Atrium relies on: ltree for the org hierarchy, citext for
-- case-insensitive e-mails and slugs. gen_random_uuid() and sha256() are core.
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS citext;
