/** @atrium/core/applications: the vendor's applications, their secret keys, and what /v1 answers them. */
export { authenticateSecretKey, KEY_MODES, newSecretKey, SECRET_KEY_PREFIX, visiblePrefix, type AuthenticatedApplication, type KeyMode } from "./keys.ts";
export {
  archiveApplication,
  createApplication,
  createSecretKey,
  getApplication,
  listApplications,
  revokeSecretKey,
  updateApplication,
  type ApplicationInput,
} from "./service.ts";
export { purgeApplicationData, type ApplicationPurgeCounts } from "./cleanup.ts";
export type { AccessTokenReadAhead } from "../oidc-provider/token-read-ahead.ts";
export { DECISION_REASONS, decideChecks, type Check, type CheckResult, type DecideOptions, type DecisionReason, type Principal, type TokenPrincipal } from "./decisions.ts";
export { encodeCursor, entitlements, membersPage, organizationView, type Entitlements, type MemberView, type OrganizationView } from "./directory.ts";
export {
  APPLICATION_RATE_LIMIT,
  admitSecretKey,
  type Admission,
  IDEMPOTENCY_WINDOW_HOURS,
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  takeApplicationRateLimit,
  type IdempotencyClaim,
  type RateLimitState,
} from "./limits.ts";
export {
  getCatalog,
  productCatalogs,
  productPermissionSpecs,
  putCatalog,
  registeredAuditActions,
  type CatalogApplication,
  type CatalogDocument,
  type ProductCatalogView,
} from "./catalog.ts";
export { appendProductAuditEvents, ProductAuditRejected, type EventProblem, type ProductAuditEvent } from "./product-audit.ts";
export { PRODUCT_USAGE_METRICS, reportProductUsage, type ProductUsageMetric, type UsageItem, type UsageItemResult } from "./product-usage.ts";
export { grantProductAccess, listProductGrants, type ProductGrantInput, type ProductGrantRow } from "./product-grants.ts";
