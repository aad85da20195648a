/**
 * Product permissions: the ones the vendor's own product declares (through
 * PUT /v1/catalog), beside Atrium's catalog. Each is named
 * `<application slug>/<resource>:<action>` — e.g. `demo-product/notes:share`.
 * Atrium's own names never hold a "/", so the two catalogs cannot collide,
 * and two applications cannot collide either (slugs are unique).
 *
 * This package stays pure: the product catalog is data the caller loads and
 * passes in (DecisionContext.products). A product permission that is not in
 * the catalog given is unknown, exactly as an unknown Atrium permission is.
 *
 * System roles hold product permissions by the lowest role the vendor names
 * (`minimumRole`): "viewer" reaches every role, "member" members, admins and
 * owners, "admin" admins and owners. So the roles stay nested
 * (owner ⊃ admin ⊃ member ⊃ viewer) whatever the vendor declares. Custom
 * roles and resource grants hold exactly the product permissions they list.
 */
import type { Permission } from "./permissions.ts";

export type ProductPermission = `${string}/${string}:${string}`;
/** A permission of either catalog. */
export type AnyPermission = Permission | ProductPermission;

export const PRODUCT_MINIMUM_ROLES = ["viewer", "member", "admin"] as const;
export type ProductMinimumRole = (typeof PRODUCT_MINIMUM_ROLES)[number];

/** What a decision needs of one product permission. */
export interface ProductPermissionSpec {
  name: ProductPermission;
  /** The lowest system role that holds it. */
  minimumRole: ProductMinimumRole;
}

/** `<slug>/<resource>:<action>`: slug as applications have it, resource and action lowercase snake_case. */
export const PRODUCT_PERMISSION_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}\/[a-z][a-z0-9_]{0,49}:[a-z][a-z0-9_]{0,49}$/;

/** Has the shape of a product permission (whether one is declared is the catalog's to say). */
export function isProductPermissionName(value: string): value is ProductPermission {
  return PRODUCT_PERMISSION_PATTERN.test(value);
}

/** The application slug a product permission belongs to. */
export function productOf(permission: ProductPermission): string {
  return permission.slice(0, permission.indexOf("/"));
}

const RANK: Record<"owner" | "admin" | "member" | "viewer", number> = { owner: 4, admin: 3, member: 2, viewer: 1 };

/** Whether a system role holds a declared product permission. */
export function systemRoleHoldsProduct(role: keyof typeof RANK, spec: ProductPermissionSpec): boolean {
  return RANK[role] >= RANK[spec.minimumRole];
}

/** The declared product permission of that name, or undefined. */
export function findProductPermission(products: readonly ProductPermissionSpec[] | undefined, name: string): ProductPermissionSpec | undefined {
  return products?.find((p) => p.name === name);
}
