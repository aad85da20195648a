/**
 * Inputs refused for a reason a person can act on say so on the field: the
 * API answers 400 with a human sentence under the field's name (the consoles
 * put it on that field), never a silent refusal or a schema message.
 */
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();
const acme = api.demo.organizations["acme"]!;
const owner = await api.signedIn("admin@acme.example");
const csm = await api.signedIn("csm@atrium.example");
const acmeQbr = (await api.db.qbr.findFirstOrThrow({ where: { organizationId: acme }, select: { id: true } })).id;

describe("field messages", () => {
  it("refuses a QBR meeting in 2020 (or more than a year ahead) on its date", async () => {
    const meeting = { qbrId: acmeQbr, durationMinutes: 60, attendees: ["cfo@acme.example"] };
    for (const startsAt of [new Date("2020-03-02T15:00:00Z"), new Date(Date.now() + 400 * 86_400_000)]) {
      expect(await callError(csm.trpc.staff.qbr.schedule.mutate({ ...meeting, startsAt }))).toEqual({
        status: 400,
        code: "BAD_REQUEST",
        message: expect.any(String),
        fieldErrors: { startsAt: ["Pick a date and time from now to a year ahead."] },
      });
    }
    expect(await api.db.qbrMeeting.count({ where: { startsAt: { lt: new Date("2021-01-01") } } })).toBe(0);
    const { id } = await csm.trpc.staff.qbr.schedule.mutate({ ...meeting, startsAt: new Date(Date.now() + 14 * 86_400_000) });
    expect(await api.db.qbrMeeting.count({ where: { id } })).toBe(1);
  });

  it("refuses an empty SCIM token name on the name", async () => {
    for (const name of ["", "   "]) {
      expect((await callError(owner.trpc.scim.createToken.mutate({ orgId: acme, name }))).fieldErrors).toEqual({
        name: ["Name the token, e.g. after the identity provider that uses it."],
      });
    }
  });

  it("refuses an out-of-range rate limit on the field that is out of range", async () => {
    expect((await callError(owner.trpc.settings.updateRateLimit.mutate({ orgId: acme, perMinute: 0, burst: 50 }))).fieldErrors).toEqual({
      perMinute: ["Enter a whole number from 1 to 1,000,000."],
    });
    expect((await callError(owner.trpc.settings.updateRateLimit.mutate({ orgId: acme, perMinute: 600, burst: 2_000_000 }))).fieldErrors).toEqual({
      burst: ["Enter a whole number from 1 to 1,000,000."],
    });
  });
});
