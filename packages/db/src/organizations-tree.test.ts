import { describe, expect, it } from "vitest";
import { createTestDatabase } from "./testing.ts";

const { db } = await createTestDatabase();

const label = (id: string) => id.replaceAll("-", "_");
const pathOf = async (id: string) =>
  (await db.$queryRaw<{ path: string; depth: number }[]>`SELECT path::text AS path, depth FROM organizations WHERE id = ${id}::uuid`)[0];

async function chain(length: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < length; i++) {
    const org = await db.organization.create({
      data: { name: `${prefix} ${i}`, slug: `${prefix}-${i}`, parentId: ids.at(-1) ?? null },
      select: { id: true },
    });
    ids.push(org.id);
  }
  return ids;
}

describe("organization hierarchy triggers", () => {
  it("derive path and depth from the parent", async () => {
    const [root, child, grandchild] = await chain(3, "tree");
    expect(await pathOf(root!)).toEqual({ path: label(root!), depth: 1 });
    expect(await pathOf(grandchild!)).toEqual({
      path: [root, child, grandchild].map((id) => label(id!)).join("."),
      depth: 3,
    });
  });

  it("refuse a sixth level", async () => {
    const ids = await chain(5, "deep");
    await expect(
      db.organization.create({ data: { name: "Too deep", slug: "too-deep", parentId: ids[4]! } }),
    ).rejects.toThrow(/organizations_depth_range/);
  });

  it("re-path the whole subtree when an organization moves, and refuse a cycle", async () => {
    const [a, b, c] = await chain(3, "move");
    const [other] = await chain(1, "target");
    await db.organization.update({ where: { id: b! }, data: { parentId: other! } });
    expect(await pathOf(c!)).toEqual({ path: [other, b, c].map((id) => label(id!)).join("."), depth: 3 });
    expect(await pathOf(a!)).toEqual({ path: label(a!), depth: 1 });
    await expect(db.organization.update({ where: { id: b! }, data: { parentId: c! } })).rejects.toThrow(
      /cannot move under its own subtree/,
    );
  });
});
