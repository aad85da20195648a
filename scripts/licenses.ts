/**
 * `npm run licenses`: the licence of every production dependency, written to
 * docs/LICENSES.md (generated; committed). A test (licenses.test.ts) fails when
 * a licence is outside ALLOWED_LICENSES or when the file is stale.
 *
 * Production means: reachable through `dependencies` (and optional and
 * required peer dependencies) from a workspace that ships — every workspace
 * but the benchmarks and the test harness — never through devDependencies.
 * The tree is read from package-lock.json, resolved as Node resolves modules,
 * so the list is the same on every platform (the platform-specific optional
 * packages, e.g. embedded PostgreSQL's binaries for each OS, are all listed).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
export const LICENSES_FILE = join(REPO_ROOT, "docs", "LICENSES.md");

/** Workspaces that never ship: their dependencies are not production dependencies. */
const NOT_SHIPPED = new Set(["@atrium/bench", "@atrium/testing"]);

/**
 * Permissive licences, and MPL-2.0 (file-level copyleft: using an unmodified
 * package is fine; changes to its files must be published). Strong or network
 * copyleft (GPL, LGPL, AGPL, SSPL) and unknown licences are not allowed.
 */
export const ALLOWED_LICENSES = new Set([
  "MIT",
  "MIT-0",
  "ISC",
  "Apache-2.0",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "0BSD",
  "BlueOak-1.0.0",
  "Unlicense",
  "CC0-1.0",
  "Zlib",
  "Python-2.0",
  "MPL-2.0",
  // Fonts: the SIL Open Font License lets a font be bundled, embedded (PDF subsets) and used commercially.
  "OFL-1.1",
]);

/** Non-SPDX spellings seen in package.json files, mapped to their SPDX id. */
const ALIASES: Record<string, string> = { "MIT License": "MIT", "Apache 2.0": "Apache-2.0", "BSD": "BSD-3-Clause" };

export interface Dependency {
  name: string;
  version: string;
  license: string;
}

interface LockEntry {
  name?: string;
  version?: string;
  license?: string;
  link?: boolean;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Where Node finds `name` when required from the package at lockfile path `from`. */
function resolve(packages: Record<string, LockEntry>, from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
    const entry = packages[candidate];
    if (entry) return entry.link && entry.resolved ? entry.resolved : candidate;
    if (!base) return null;
    const nested = base.lastIndexOf("/node_modules/");
    base = nested >= 0 ? base.slice(0, nested) : "";
  }
}

/** A licence from the package's LICENSE file, when its package.json names none. */
function licenseFromFile(dir: string): string | null {
  if (!existsSync(dir)) return null;
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  if (!file) return null;
  const text = readFileSync(join(dir, file), "utf8");
  if (/Permission is hereby granted, free of charge/.test(text)) return "MIT";
  if (/Apache License\s+Version 2\.0/.test(text)) return "Apache-2.0";
  if (/Permission to use, copy, modify, and\/or distribute this software/.test(text)) return "ISC";
  return null;
}

export function productionDependencies(root = REPO_ROOT): Dependency[] {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const packages = lock.packages;
  const workspaces = Object.keys(packages).filter((path) => path !== "" && !path.includes("node_modules/"));
  const queue = workspaces.filter((path) => !NOT_SHIPPED.has(packages[path]!.name ?? ""));
  const seen = new Set<string>(queue);
  while (queue.length > 0) {
    const path = queue.shift()!;
    const entry = packages[path]!;
    const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n));
    const wanted: [string, boolean][] = [
      ...Object.keys(entry.dependencies ?? {}).map((n): [string, boolean] => [n, true]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((n): [string, boolean] => [n, false]),
      // An optional peer is only there when something else depends on it.
      ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeers.has(n)).map((n): [string, boolean] => [n, true]),
    ];
    for (const [name, required] of wanted) {
      const found = resolve(packages, path, name);
      if (!found) {
        if (required) throw new Error(`${path} depends on ${name}, which package-lock.json does not have`);
        continue;
      }
      if (!seen.has(found)) {
        seen.add(found);
        queue.push(found);
      }
    }
  }
  const byKey = new Map<string, Dependency>();
  for (const path of seen) {
    if (!path.includes("node_modules/")) continue; // our own workspaces
    const entry = packages[path]!;
    const name = entry.name ?? path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    const version = entry.version ?? "?";
    const raw = entry.license ?? licenseFromFile(join(root, path)) ?? "UNKNOWN";
    byKey.set(`${name}@${version}`, { name, version, license: ALIASES[raw] ?? raw });
  }
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/**
 * Whether an SPDX expression is acceptable: `A OR B` when either side is,
 * `A AND B` when both are (AND binds tighter; parentheses allowed).
 */
export function licenseAllowed(expression: string): boolean {
  const tokens = expression
    .replace(/[()]/g, " $& ")
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => (/^(and|or)$/i.test(t) ? t.toUpperCase() : t));
  let i = 0;
  const or = (): boolean => {
    let value = and();
    while (tokens[i] === "OR") {
      i++;
      value = and() || value;
    }
    return value;
  };
  const and = (): boolean => {
    let value = atom();
    while (tokens[i] === "AND") {
      i++;
      value = atom() && value;
    }
    return value;
  };
  const atom = (): boolean => {
    const token = tokens[i++];
    if (token === "(") {
      const value = or();
      i++; // ")"
      return value;
    }
    return token !== undefined && ALLOWED_LICENSES.has(token);
  };
  const result = or();
  return result && i === tokens.length;
}

export function renderLicenses(deps: readonly Dependency[]): string {
  const counts = new Map<string, number>();
  for (const d of deps) counts.set(d.license, (counts.get(d.license) ?? 0) + 1);
  const summary = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l, n]) => `| ${l} | ${n} |`);
  return [
    "# Production dependency licences",
    "",
    "Generated by `npm run licenses` from package-lock.json — do not edit. Every package reachable",
    "through `dependencies` from a shipped workspace (all but `bench` and `packages/testing`), on every",
    "platform. `scripts/licenses.test.ts` fails when a licence is not in the allow-list or this file is",
    "stale; the allow-list and its reasons are in [SECURITY.md](SECURITY.md#dependency-licences).",
    "",
    `${deps.length} packages.`,
    "",
    "| Licence | Packages |",
    "|---------|----------|",
    ...summary,
    "",
    "| Package | Version | Licence |",
    "|---------|---------|---------|",
    ...deps.map((d) => `| ${d.name} | ${d.version} | ${d.license} |`),
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const deps = productionDependencies();
  writeFileSync(LICENSES_FILE, renderLicenses(deps));
  const refused = deps.filter((d) => !licenseAllowed(d.license));
  console.log(`Wrote ${deps.length} production dependencies to docs/LICENSES.md`);
  for (const d of refused) console.error(`  not allowed: ${d.name}@${d.version} (${d.license})`);
  if (refused.length > 0) process.exitCode = 1;
}
