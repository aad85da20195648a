import type { TreeNodeData } from "@mantine/core";
import type { HierarchyNode } from "./types.ts";

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
