import { describe, expect, it } from "vitest";
import { readTableUrlState, searchSort, writeTableUrlState } from "./url-state.ts";

describe("table state in the URL", () => {
  it("reads this table's sort and page, ignoring unknown columns and bad pages", () => {
    expect(readTableUrlState("?keys.sort=created.desc&keys.page=3&tab=x", "keys", ["name", "created"])).toEqual({ sort: { id: "created", desc: true }, page: 3 });
    expect(readTableUrlState("?keys.sort=secret.asc&keys.page=-1", "keys", ["name"])).toEqual({ sort: null, page: 1 });
    expect(readTableUrlState("?sort=name.asc", "", ["name"])).toEqual({ sort: { id: "name", desc: false }, page: 1 });
  });

  it("writes it beside the page's other parameters, dropping defaults", () => {
    expect(writeTableUrlState("?tab=invitations", "invitations", { sort: { id: "email", desc: false }, page: 2 })).toBe(
      "?tab=invitations&invitations.sort=email.asc&invitations.page=2",
    );
    expect(writeTableUrlState("?tab=x&keys.sort=name.asc&keys.page=2", "keys", { sort: null, page: 1 })).toBe("?tab=x");
  });
});

describe("a sort kept in the page's own URL search", () => {
  it("shows the page's column and direction, and hands back a click's, a cleared sort as the fallback ascending", () => {
    const changes: string[] = [];
    const sort = searchSort<"name" | "plan">("plan", "desc", "name", (column, dir) => changes.push(`${column} ${dir}`));
    expect(sort.value).toEqual({ id: "plan", desc: true });
    sort.onChange({ id: "name", desc: true });
    sort.onChange({ id: "plan", desc: false });
    sort.onChange(null);
    expect(changes).toEqual(["name desc", "plan asc", "name asc"]);
  });
});
