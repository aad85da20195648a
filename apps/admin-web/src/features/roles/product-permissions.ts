import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";

/** One group of a product's permissions in the roles editor: the product's name, then the category it declared. */
export interface ProductGroup {
  key: string;
  label: string;
  permissions: { name: string; description: string; held: boolean }[];
}

/**
 * The permissions the vendor's products declared (PUT /v1/catalog), grouped
 * under each product's name by category, and whether the admin holds each
 * (only those can be granted; the server checks again).
 */
export function useProductPermissions(orgId: string) {
  const query = useQuery(trpc.roles.productPermissions.queryOptions({ orgId }));
  const groups: ProductGroup[] = [];
  for (const product of query.data ?? []) {
    for (const p of product.permissions) {
      const key = `${product.application.slug}/${p.category}`;
      let group = groups.find((g) => g.key === key);
      if (!group) groups.push((group = { key, label: `${product.application.name} · ${p.category}`, permissions: [] }));
      group.permissions.push({ name: p.name, description: p.description, held: p.held });
    }
  }
  const all = groups.flatMap((g) => g.permissions);
  return {
    groups,
    /** Product permissions in the order the products declared them. */
    names: all.map((p) => p.name),
    describe: (name: string) => all.find((p) => p.name === name)?.description,
    holds: (name: string) => all.some((p) => p.name === name && p.held),
  };
}
