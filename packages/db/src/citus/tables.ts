/**
 * How each table of the `public` schema scales out on Citus (docs/SCALING.md).
 * Every table is listed here — `citus-plan.test.ts` fails when the live
 * catalog has a table this list lacks (or names one that is gone), so a new
 * migration's table must be classified when it lands.
 *
 * - distributed: tenant data, hash-distributed on `root_organization_id` (the
 *   root of the organization's tree) and co-located with `organizations`, so a
 *   tenant's rows — for its whole subtree — live on one shard group.
 * - reference: small, global, read everywhere; replicated to every node.
 * - local: stays on the coordinator (queues, per-user identity state, ledgers
 *   read by the platform as a whole); joins with tenant tables are by id only.
 *
 * Tables in other schemas (pg-boss's `pgboss`) are local as a whole.
 */

export const DISTRIBUTION_COLUMN = "root_organization_id";
/** The shard of platform rows that belong to no organization (audit events of the platform log). */
export const PLATFORM_ROOT = "00000000-0000-0000-0000-000000000000";

export interface Distributed {
  kind: "distributed";
  /** Where the root comes from: the root of the organization a column points at (default `organization_id` → organizations). */
  root?: "self" | { column: string; parent: string };
  /** Rows whose source column is null belong to the platform root (PLATFORM_ROOT) instead of failing the backfill. */
  platformWhenNull?: string;
  /**
   * Unique constraints and indexes that were global and become unique per
   * root organization once the distribution column is added to them (Citus
   * cannot enforce uniqueness across shards), each with why that is acceptable
   * or what keeps it globally unique.
   */
  narrowedUniques?: Record<string, string>;
}
export interface Reference {
  kind: "reference";
  reason: string;
}
export interface Local {
  kind: "local";
  reason: string;
  /** Foreign keys to distributed tables, which Citus does not allow from a local table: dropped, and why that is safe. */
  dropForeignKeys?: Record<string, string>;
}
export type TableClass = Distributed | Reference | Local;

const RANDOM_TOKEN = "a random 128-bit-plus secret: unique by construction; lookups by it fan out (see SCALING.md, tokens)";

export const TABLES: Record<string, TableClass> = {
  // The tenant tree itself: the root of each row's path.
  organizations: {
    kind: "distributed",
    root: "self",
    narrowedUniques: {
      organizations_slug_key:
        "slugs are display handles (every route uses the id); on Citus, creating an organization must check the slug with a fan-out read under an advisory lock on the slug (change needed, see SCALING.md)",
    },
  },

  // Tenant data keyed by organization_id.
  memberships: { kind: "distributed" },
  roles: { kind: "distributed" },
  invitations: { kind: "distributed", narrowedUniques: { invitations_token_hash_key: RANDOM_TOKEN } },
  groups: { kind: "distributed" },
  group_members: { kind: "distributed", root: { column: "group_id", parent: "groups" } },
  workspaces: { kind: "distributed" },
  resource_grants: { kind: "distributed" },
  api_keys: { kind: "distributed", narrowedUniques: { api_keys_prefix_key: RANDOM_TOKEN, api_keys_secret_hash_key: RANDOM_TOKEN } },
  feature_overrides: { kind: "distributed" },
  ip_allowlist_entries: { kind: "distributed" },
  audit_events: { kind: "distributed", platformWhenNull: "the platform log (organization_id null) is one more chain, on the platform root's shard" },
  audit_chain_heads: { kind: "distributed", root: { column: "chain_key", parent: "organizations" }, platformWhenNull: "the platform chain's head (chain_key = the nil uuid)" },
  audit_exports: { kind: "distributed" },
  audit_export_chunks: { kind: "distributed", root: { column: "export_id", parent: "audit_exports" } },
  audit_purges: { kind: "distributed" },
  audit_alert_rules: { kind: "distributed" },
  audit_alert_firings: { kind: "distributed" },
  audit_stream_destinations: { kind: "distributed" },
  audit_stream_failures: { kind: "distributed" },
  retention_policies: { kind: "distributed" },
  legal_holds: { kind: "distributed" },
  mfa_policies: { kind: "distributed" },
  session_policies: { kind: "distributed" },
  analytics_layouts: { kind: "distributed" },
  device_tokens: { kind: "distributed", narrowedUniques: { device_tokens_prefix_key: RANDOM_TOKEN, device_tokens_secret_hash_key: RANDOM_TOKEN } },
  sso_connections: { kind: "distributed" },
  sso_role_mappings: { kind: "distributed" },
  sso_domains: {
    kind: "distributed",
    narrowedUniques: {
      sso_domains_verified_domain_key:
        "a verified domain must route to one organization platform-wide (home-realm discovery): on Citus, verification must re-check with a fan-out read under an advisory lock on the domain (change needed, see SCALING.md)",
    },
  },
  sso_enforcement: { kind: "distributed" },
  sso_requests: { kind: "distributed", root: { column: "connection_id", parent: "sso_connections" } },
  sso_replay_cache: { kind: "distributed", root: { column: "connection_id", parent: "sso_connections" } },
  sso_test_results: { kind: "distributed" },
  sso_identities: {
    kind: "distributed",
    narrowedUniques: {
      sso_identities_connection_id_subject_key: "a connection belongs to one organization, so its links all live on that organization's root: unique per root is unique per connection",
      sso_identities_connection_id_user_id_key: "as above: one connection, one root",
    },
  },
  sso_sp_certificates: { kind: "distributed" },
  scim_connections: { kind: "distributed" },
  scim_tokens: { kind: "distributed", narrowedUniques: { scim_tokens_prefix_key: RANDOM_TOKEN, scim_tokens_secret_hash_key: RANDOM_TOKEN } },
  scim_users: { kind: "distributed" },
  scim_group_members: { kind: "distributed" },
  scim_group_roles: { kind: "distributed" },
  scim_requests: { kind: "distributed" },
  billing_accounts: { kind: "distributed", narrowedUniques: { billing_accounts_stripe_customer_id_key: "Stripe customer ids are unique at Stripe (one customer per account, created by us); webhook processing finds the account by customer id with a fan-out read" } },
  stripe_subscriptions: { kind: "distributed" },
  contracts: { kind: "distributed" },
  contract_changes: { kind: "distributed" },
  invoices: {
    kind: "distributed",
    narrowedUniques: {
      invoices_number_key: "numbers are allocated from the issuer's counter (invoice_issuers, a reference table, row-locked), so they stay unique by construction",
      invoices_issuer_sequence_key: "same: the issuer's counter allocates each sequence number once",
      invoices_stripe_invoice_id_key: "Stripe invoice ids are unique at Stripe",
    },
  },
  invoice_lines: { kind: "distributed" },
  usage_events: { kind: "distributed" },
  usage_daily_rollups: { kind: "distributed" },
  usage_analytics_daily: { kind: "distributed" },
  usage_analytics_resources_daily: { kind: "distributed" },
  usage_analytics_dirty: { kind: "distributed" },
  usage_analytics_operations_daily: { kind: "distributed" },
  usage_analytics_operations_monthly: { kind: "distributed" },
  usage_analytics_quality_daily: { kind: "distributed" },
  usage_quota_alerts: { kind: "distributed" },
  customer_assignments: { kind: "distributed" },
  support_tickets: {
    kind: "distributed",
    narrowedUniques: { support_tickets_number_key: "numbers come from a sequence (serial), which Citus keeps global: unique by construction" },
  },
  support_ticket_comments: { kind: "distributed" },
  support_ticket_events: { kind: "distributed" },
  nps_responses: { kind: "distributed" },
  impersonation_settings: { kind: "distributed" },
  impersonation_sessions: { kind: "distributed" },
  sla_monthly: { kind: "distributed" },
  health_scores: { kind: "distributed" },
  renewal_outcomes: { kind: "distributed" },
  renewal_reminders: { kind: "distributed" },
  qbrs: { kind: "distributed" },
  qbr_meetings: { kind: "distributed" },
  licenses: { kind: "distributed" },
  installed_licenses: { kind: "distributed" },

  // Global and small: replicated to every node, joinable from any shard.
  users: { kind: "reference", reason: "a person belongs to many organizations (and platform staff to none): identities are global; read on every request, written rarely" },
  cs_leads: { kind: "reference", reason: "platform staff configuration (which users lead customer success), a handful of rows" },
  health_config: { kind: "reference", reason: "the platform's health-score weights, one row" },
  applications: { kind: "reference", reason: "the vendor's own applications (platform-level, a handful of rows), named by every product decision" },
  application_permissions: { kind: "reference", reason: "the products' permission catalogs: small, global, read with an organization's access on every decision" },
  application_resource_types: { kind: "reference", reason: "the products' resource types (see application_permissions)" },
  application_audit_actions: { kind: "reference", reason: "the products' audit action types, checked on every ingested event (see application_permissions)" },
  invoice_issuers: { kind: "reference", reason: "the vendor's invoicing entities and their number counters, a handful of rows referenced by contracts and invoices" },

  // Coordinator-local.
  _prisma_migrations: { kind: "local", reason: "migration bookkeeping" },
  application_secret_keys: { kind: "local", reason: "the applications' secret keys, looked up by hash on every /v1 call and stamped with their last use: kept on the coordinator that routes /v1" },
  idempotency_keys: { kind: "local", reason: "per-application replay records of /v1 POSTs, short-lived, looked up by (application, key)" },
  events: { kind: "local", reason: "the event feed applications read platform-wide in commit order (one global position, assigned under an advisory lock at commit): a single ordered log on the coordinator" },
  webhook_endpoints: { kind: "local", reason: "the applications' webhook endpoints (platform-level, a handful of rows)" },
  webhook_deliveries: { kind: "local", reason: "the webhook delivery queue, drained platform-wide in event order per endpoint and organization (see events)" },
  webhook_delivery_attempts: { kind: "local", reason: "the delivery log of webhook_deliveries" },
  password_reset_tokens: { kind: "local", reason: "a reset token belongs to a person, not an organization, and is looked up by its hash before anyone is signed in" },
  login_throttles: { kind: "local", reason: "sign-in throttling by e-mail and IP, before any organization is known; small and hot" },
  rate_limit_buckets: { kind: "local", reason: "token buckets updated on every API-key request; one row per key, kept on the coordinator that routes the request" },
  sessions: {
    kind: "local",
    reason: "a session belongs to a person, not an organization, and is validated on every request by its token hash: a single-node primary-key lookup",
    dropForeignKeys: {
      sessions_sso_connection_id_fkey:
        "which SSO connection signed a session in (ON DELETE SET NULL today): on Citus, deleting a connection must clear or revoke its sessions in the same transaction (change needed, see SCALING.md)",
    },
  },
  user_totp: { kind: "local", reason: "per-user MFA state (see sessions)" },
  mfa_recovery_codes: { kind: "local", reason: "per-user MFA state (see sessions)" },
  mfa_challenges: { kind: "local", reason: "short-lived per-user sign-in state (see sessions)" },
  device_authorizations: {
    kind: "local",
    reason: "a pending RFC 8628 grant has no organization until the user approves it, and is polled by device code: short-lived, small",
    dropForeignKeys: { device_authorizations_organization_id_fkey: "the organization chosen at approval; the token issued (device_tokens, distributed) carries it with its foreign key" },
  },
  email_outbox: {
    kind: "local",
    reason: "a queue the worker drains platform-wide in order (some mail has no organization: password resets)",
    dropForeignKeys: { email_outbox_organization_id_fkey: "a label for reporting; mail is never joined back to tenant rows" },
  },
  oidc_provider_records: { kind: "local", reason: "the OpenID Provider's sessions, grants and tokens: per person and application, looked up by random ids, short-lived (see sessions)" },
  oidc_signing_keys: { kind: "local", reason: "the OpenID Provider's few signing keys, platform-wide" },
  license_signing_keys: { kind: "local", reason: "the vendor's few licence signing keys, platform-wide" },
  atrium_installation: { kind: "local", reason: "this installation's id, one row" },
  oidc_logout_requests: {
    kind: "local",
    reason: "a queue the worker drains platform-wide (back-channel logout), per person",
    dropForeignKeys: { oidc_logout_requests_organization_id_fkey: "a label for the audit record and the organization filter; never joined for tenant queries" },
  },
  stripe_events: {
    kind: "local",
    reason: "the Stripe webhook inbox: stored by event id before the organization is known, processed platform-wide",
    dropForeignKeys: { stripe_events_organization_id_fkey: "filled when the event is matched to an account; a label, never joined for tenant queries" },
  },
};

/**
 * SQL functions that address a distributed table by a key that gains the
 * distribution column: rewritten by the plan (from their live definition, so
 * a later change to them is kept; a pattern that no longer matches fails the
 * plan, so a changed function is looked at again).
 */
export const FUNCTION_REWRITES: { name: string; reason: string; replace: [string, string][] }[] = [
  {
    name: "organizations_set_path",
    reason: "the parent is looked up on the child's own shard, so a parent in another tree (a cross-shard move) is refused as missing",
    replace: [["FROM organizations WHERE id = NEW.parent_id", "FROM organizations WHERE root_organization_id = NEW.root_organization_id AND id = NEW.parent_id"]],
  },
  {
    name: "organizations_repath_subtree",
    reason: "a subtree never leaves its root's shard",
    replace: [["WHERE path <@ OLD.path AND id <> NEW.id", "WHERE root_organization_id = NEW.root_organization_id AND path <@ OLD.path AND id <> NEW.id"]],
  },
  {
    name: "audit_events_link",
    reason: "the chain head is keyed (root_organization_id, chain_key) and must be read on the event's own shard",
    replace: [
      ["INSERT INTO audit_chain_heads (chain_key, last_seq, last_hash)", "INSERT INTO audit_chain_heads (root_organization_id, chain_key, last_seq, last_hash)"],
      ["VALUES (chain, 0,", "VALUES (NEW.root_organization_id, chain, 0,"],
      ["ON CONFLICT (chain_key) DO NOTHING", "ON CONFLICT (root_organization_id, chain_key) DO NOTHING"],
      ["WHERE h.chain_key = chain", "WHERE h.root_organization_id = NEW.root_organization_id AND h.chain_key = chain"],
    ],
  },
  {
    name: "audit_chain_heads_flush",
    reason: "writes the chain head back on the event's own shard",
    replace: [["WHERE chain_key = chain", "WHERE root_organization_id = NEW.root_organization_id AND chain_key = chain"]],
  },
];
