import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LICENSES_FILE, licenseAllowed, productionDependencies, renderLicenses } from "./licenses.ts";

describe("dependency licences", () => {
  const deps = productionDependencies();

  it("lists the production dependencies, not the development ones", () => {
    const names = new Set(deps.map((d) => d.name));
    for (const shipped of ["fastify", "@prisma/client", "pg-boss", "react", "@mantine/core", "@node-saml/node-saml"]) expect(names.has(shipped), shipped).toBe(true);
    for (const devOnly of ["vitest", "eslint", "prisma", "playwright-core", "turbo"]) expect(names.has(devOnly), devOnly).toBe(false);
  });

  it("allows only licences from the allow-list", () => {
    expect(deps.filter((d) => !licenseAllowed(d.license)).map((d) => `${d.name}@${d.version} (${d.license})`)).toEqual([]);
  });

  it("reads SPDX expressions: OR needs one allowed side, AND needs both", () => {
    expect(licenseAllowed("MIT")).toBe(true);
    expect(licenseAllowed("(MIT OR GPL-3.0-only)")).toBe(true);
    expect(licenseAllowed("MIT AND ISC AND BSD-3-Clause")).toBe(true);
    expect(licenseAllowed("MIT AND GPL-3.0-only")).toBe(false);
    expect(licenseAllowed("GPL-2.0-or-later")).toBe(false);
    expect(licenseAllowed("AGPL-3.0-only")).toBe(false);
    expect(licenseAllowed("UNKNOWN")).toBe(false);
    expect(licenseAllowed("(MIT")).toBe(false);
  });

  it("keeps docs/LICENSES.md up to date (run npm run licenses after changing dependencies)", () => {
    expect(readFileSync(LICENSES_FILE, "utf8")).toBe(renderLicenses(deps));
  });
});
