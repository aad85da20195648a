import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { certificateInfo, normalizeCertificate } from "./certificates.ts";

const pem = readFileSync(new URL("../../../sso-sandbox/keys/idp.cert.pem", import.meta.url), "utf8");
const DAY = 86_400_000;

describe("IdP certificates", () => {
  it("accepts bare base64 as metadata carries it and stores PEM", () => {
    const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "");
    expect(normalizeCertificate(body)).toBe(normalizeCertificate(pem));
    expect(normalizeCertificate(body)).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it("refuses what is not a certificate", () => {
    expect(() => normalizeCertificate("bm90IGEgY2VydA==")).toThrow(AppError);
  });

  it("warns 30 days before expiry and flags an expired certificate", () => {
    const { notAfter } = certificateInfo(pem);
    expect(certificateInfo(pem, new Date(notAfter.getTime() - 90 * DAY))).toMatchObject({ status: "ok", daysLeft: 90 });
    expect(certificateInfo(pem, new Date(notAfter.getTime() - 10 * DAY))).toMatchObject({ status: "expiring", daysLeft: 10 });
    expect(certificateInfo(pem, new Date(notAfter.getTime() + DAY))).toMatchObject({ status: "expired" });
  });
});
