import type { TreeNodeData } from "@mantine/core";
import type { HierarchyNode, MyOrganization } from "./types.ts";

/** Organizations nest at most this many levels deep. */
export const MAX_DEPTH = 5;

/** Builds Mantine tree data from the flat, parents-first hierarchy list. */
export function toTree(nodes: HierarchyNode[], rootId: string): TreeNodeData[] {
  const children = new Map<string, TreeNodeData[]>();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const node of [...nodes].reverse()) {
    if (!node.parentId || node.id === rootId) continue;
    const list = children.get(node.parentId) ?? [];
    list.unshift({ value: node.id, label: node.name, children: children.get(node.id) ?? [] });
    children.set(node.parentId, list);
  }
  const root = byId.get(rootId);
  return root ? [{ value: root.id, label: root.name, children: children.get(root.id) ?? [] }] : [];
}

/** The highest organization above `orgId` that the user can still see (their view of the customer's tree). */
export function visibleRootOf(orgs: MyOrganization[], orgId: string): string {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  let id = orgId;
  for (let parent = byId.get(id)?.parentId; parent && byId.has(parent); parent = byId.get(parent)?.parentId) id = parent;
  return id;
}

/** `node` and everything beneath it. */
export function subtreeOf(nodes: HierarchyNode[], nodeId: string): HierarchyNode[] {
  const inside = new Set([nodeId]);
  // Parents come before children, so one pass collects the whole subtree.
  for (const n of nodes) if (n.parentId && inside.has(n.parentId)) inside.add(n.id);
  return nodes.filter((n) => inside.has(n.id));
}

/** "Acme Corp › Acme EMEA": where an organization sits, for choosing among them. */
export function pathOf(nodes: HierarchyNode[], nodeId: string): string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const names: string[] = [];
  for (let n = byId.get(nodeId); n; n = n.parentId ? byId.get(n.parentId) : undefined) names.unshift(n.name);
  return names.join(" › ");
}

/**
 * Where `node` could move within `tree`: not beneath itself, not where it
 * already is, not under an archived organization, and not so deep that its
 * subtree would pass the depth limit.
 */
export function moveTargets(tree: HierarchyNode[], node: HierarchyNode): HierarchyNode[] {
  const subtree = subtreeOf(tree, node.id);
  const excluded = new Set(subtree.map((n) => n.id));
  const height = Math.max(...subtree.map((n) => n.depth)) - node.depth;
  return tree.filter(
    (t) => !excluded.has(t.id) && t.id !== node.parentId && t.status !== "archived" && t.depth + 1 + height <= MAX_DEPTH,
  );
}
