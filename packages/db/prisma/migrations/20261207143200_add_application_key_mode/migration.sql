-- An application's secret key is a test key (`atrium_sk_test_…`: decisions and reads only)
-- or a live key (`atrium_sk_live_…`). Keys made before modes existed are live. The visible
-- prefix keeps eight characters after the mode, and a test key's prefix always says so.
ALTER TABLE application_secret_keys
  ADD COLUMN mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('test', 'live'));
ALTER TABLE application_secret_keys DROP CONSTRAINT application_secret_keys_prefix_check;
ALTER TABLE application_secret_keys ADD CONSTRAINT application_secret_keys_prefix_check
  CHECK (prefix ~ '^atrium_sk_((test|live)_)?[A-Za-z0-9_-]{1,12}$');
ALTER TABLE application_secret_keys ADD CONSTRAINT application_secret_keys_mode_prefix_check
  CHECK ((mode = 'test') = (prefix LIKE 'atrium\_sk\_test\_%'));
