-- A vendor application acting through /v1 (or the OpenID Provider) is its own kind of
-- actor: actor_id is the application's id, actor_label its name and the secret key used.
ALTER TYPE audit_actor_type ADD VALUE 'application' AFTER 'api_key';
