-- PostgreSQL regular expressions allow at most 255 repetitions, so the length
-- bound of a logo URL moves out of the pattern.
ALTER TABLE organizations DROP CONSTRAINT organizations_logo_url_check;
ALTER TABLE organizations ADD CONSTRAINT organizations_logo_url_check
  CHECK (logo_url ~ '^https://\S+$' AND length(logo_url) <= 2048);
