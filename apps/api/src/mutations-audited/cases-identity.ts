import { hashPassword } from "@atrium/core/auth";
import { keyFromManualEntry } from "@atrium/core/mfa";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { generateTOTP } from "@oslojs/otp";
import type { TestClient } from "../testing.ts";
import type { Case, Sweep } from "./sweep.ts";

/** The audited-mutations sweep's cases for MFA, sessions and the device grant. */
export function identityCases({ api, acme, owner, newMember, child }: Sweep): Record<string, Case> {
  // Fresh people with the demo password, so per-user MFA and sessions never touch anyone other cases sign in as.
  let passwordHash: Promise<string> | undefined;
  async function passwordUser(organizationId = acme): Promise<{ id: string; email: string }> {
    const user = await newMember("member", organizationId);
    await api.db.user.update({ where: { id: user.id }, data: { passwordHash: await (passwordHash ??= hashPassword(DEMO_PASSWORD)) }, select: { id: true } });
    return user;
  }
  const signedInFresh = async () => api.signedIn((await passwordUser()).email);

  /** A fresh person who turned MFA on in settings: their session, and their recovery codes. */
  async function enrolled(): Promise<{ id: string; email: string; client: TestClient; recoveryCodes: string[] }> {
    const { id, email } = await passwordUser();
    const client = await api.signedIn(email);
    const { manualKey } = await client.trpc.mfa.enrollStart.mutate();
    const { recoveryCodes } = await client.trpc.mfa.enrollConfirm.mutate({ code: generateTOTP(keyFromManualEntry(manualKey), 30, 6) });
    return { id, email, client, recoveryCodes };
  }

  /** A password login's second step for `email`. */
  async function challengeFor(email: string): Promise<{ client: TestClient; challenge: string }> {
    const client = api.client();
    const step = await client.trpc.auth.login.mutate({ email, password: DEMO_PASSWORD });
    if (!step.mfa) throw new Error(`${email} got no MFA step at login`);
    return { client, challenge: step.mfa.challenge };
  }

  // An organization of its own that requires MFA: only the fresh people added to it have to enrol at login.
  let mfaOrg: Promise<string> | undefined;
  const requiringOrg = () =>
    (mfaOrg ??= (async () => {
      const orgId = await child();
      await owner.trpc.mfa.setPolicy.mutate({ orgId, required: true });
      return orgId;
    })());
  /** An enrol-at-login challenge of a fresh member of the MFA-requiring organization. */
  const enrollChallenge = async () => challengeFor((await passwordUser(await requiringOrg())).email);
  async function enrollStarted(): Promise<{ challenge: string; key: Uint8Array }> {
    const { client, challenge } = await enrollChallenge();
    const { manualKey } = await client.trpc.mfa.challenge.enrollStart.mutate({ challenge });
    return { challenge, key: keyFromManualEntry(manualKey) };
  }

  /** A user code of a new device authorization (as the CLI asks for one). */
  async function userCode(): Promise<string> {
    const response = await fetch(`${api.url}/oauth/device/code`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: "atrium-cli", scope: "org:read" }),
    });
    if (!response.ok) throw new Error(`device code request failed: ${response.status}`);
    return ((await response.json()) as { user_code: string }).user_code;
  }
  const unknownUserCode = { userCode: "BBBB-BBBB" };

  const pendingEnrollment =
    "stores only an unconfirmed authenticator key, which signs nobody in and does not turn MFA on; enrollConfirm, which does, is audited (mfa.enroll)";

  // Who calls a per-user case: set by its input(), which the sweep calls first.
  let caller: TestClient | undefined;
  const byCaller = () => caller!;
  /** A mutation that takes a recovery code of an enrolled person, refused for a wrong one. */
  const withRecoveryCode: Case = {
    as: byCaller,
    input: async () => {
      const person = await enrolled();
      caller = person.client;
      return { code: person.recoveryCodes[0]! };
    },
    refused: { as: async () => (await enrolled()).client, input: () => ({ code: "000000" }) },
  };

  return {
    "mfa.challenge.verify": {
      as: () => api.client(),
      input: async () => {
        const { email, recoveryCodes } = await enrolled();
        const { challenge } = await challengeFor(email);
        return { challenge, code: recoveryCodes[0]! };
      },
      refused: {
        as: () => api.client(),
        input: async () => ({ challenge: (await challengeFor((await enrolled()).email)).challenge, code: "000000" }),
      },
    },
    "mfa.challenge.enrollStart": {
      as: () => api.client(),
      input: async () => ({ challenge: (await enrollChallenge()).challenge }),
      refused: { notAttributable: "only an unknown or expired challenge is refused (401), and it names nobody" },
      changesNothing: pendingEnrollment,
    },
    "mfa.challenge.enrollConfirm": {
      as: () => api.client(),
      input: async () => {
        const { challenge, key } = await enrollStarted();
        return { challenge, code: generateTOTP(key, 30, 6) };
      },
      refused: { as: () => api.client(), input: async () => ({ challenge: (await enrollStarted()).challenge, code: "000000" }) },
    },
    "mfa.enrollStart": {
      as: byCaller,
      input: async () => {
        caller = await signedInFresh();
        return {};
      },
      refused: { notAttributable: "refused only without a session (401, nobody to attribute); with MFA already on it is a 409 that changes nothing" },
      changesNothing: pendingEnrollment,
    },
    "mfa.enrollConfirm": {
      as: byCaller,
      input: async () => {
        caller = await signedInFresh();
        const { manualKey } = await caller.trpc.mfa.enrollStart.mutate();
        return { code: generateTOTP(keyFromManualEntry(manualKey), 30, 6) };
      },
      refused: {
        notAttributable:
          "refused only without a session (401, nobody to attribute) or for a wrong first code while setting up, a 400 that is not a security refusal (the code only proves the app was set up)",
      },
    },
    "mfa.regenerateRecoveryCodes": withRecoveryCode,
    "mfa.disable": withRecoveryCode,
    "mfa.setPolicy": { input: async () => ({ orgId: await child(), required: true }) },
    "mfa.resetMember": {
      input: async () => ({ orgId: acme, userId: (await enrolled()).id }),
    },

    "sessions.revoke": {
      as: byCaller,
      input: async () => {
        const { email } = await passwordUser();
        caller = await api.signedIn(email);
        const other = await api.signedIn(email);
        const session = (await other.trpc.sessions.list.query()).find((s) => s.current)!;
        return { kind: "browser", id: session.id };
      },
      refused: { notAttributable: "someone else's session answers 404 like an unknown id (nothing is revealed, nothing to record); signed out it is a 401 with nobody" },
    },
    "sessions.revokeOthers": {
      as: byCaller,
      input: async () => {
        const { email } = await passwordUser();
        caller = await api.signedIn(email);
        await api.signedIn(email);
        return {};
      },
      refused: { notAttributable: "refused only without a session (401): nobody to attribute" },
    },
    "sessions.revokeMember": {
      input: async () => {
        const { email, id } = await passwordUser();
        await api.signedIn(email);
        return { orgId: acme, userId: id };
      },
    },

    "device.lookup": {
      input: async () => ({ userCode: await userCode() }),
      refused: { as: signedInFresh, input: () => unknownUserCode },
      changesNothing: "shows a pending request; approving or denying it is device.decide",
    },
    "device.decide": {
      input: async () => ({ userCode: await userCode(), orgId: acme, approve: true }),
      refused: { as: signedInFresh, input: () => ({ ...unknownUserCode, orgId: null, approve: false }) },
    },
  };
}
