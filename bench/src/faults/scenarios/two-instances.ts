/**
 * Fault 3: two API instances and two workers on one database, as behind a
 * load balancer (both APIs share one public URL). State that must hold across
 * instances: the organization rate limit, the login throttle, the SAML
 * assertion replay cache, the device flow's polling interval (slow_down); and
 * cron schedules must fire once per tick, not once per worker.
 */
import { createConnection, setConnectionStatus } from "@atrium/core/sso";
import { systemActor } from "@atrium/core/actor";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { createSamlIdp, sandboxKeys } from "@atrium/sso-sandbox";
import type { FaultEnvironment } from "../environment.ts";
import { PORTS } from "../environment.ts";
import { classify, TrpcClient, type Answer } from "../http.ts";
import { startApi, startWorkerProcess, type ApiProcess, type AppProcess } from "../processes.ts";
import type { ScenarioLog } from "../report.ts";
import { waitFor } from "../wait.ts";

export async function twoInstances(env: FaultEnvironment, log: ScenarioLog) {
  const publicUrl = `http://127.0.0.1:${PORTS.api[0]}`;
  const scheduleSince = new Date();
  const started: AppProcess[] = [];
  const track = <T extends AppProcess>(p: Promise<T>) => p.then((process) => (started.push(process), process));
  try {
    // Started together, as a deployment rolls out: the workers race to set up the same queues.
    const [a, b] = await Promise.all([
      track(startApi("pair-api-a", env.databaseUrl, PORTS.api[0], env.logDir, publicUrl)),
      track(startApi("pair-api-b", env.databaseUrl, PORTS.api[1], env.logDir, publicUrl)),
      track(startWorkerProcess("pair-worker-1", env.databaseUrl, env.logDir, { dataDir: env.dataDir, schedules: true })),
      track(startWorkerProcess("pair-worker-2", env.databaseUrl, env.logDir, { dataDir: env.dataDir, schedules: true })),
    ]);
    log.step(`started API A (${a.url}) and B (${b.url}), both public at ${publicUrl}, and two workers with schedules, all at once`);
    await rateLimit(env, log, a, b, publicUrl);
    await loginThrottle(log, a, b, publicUrl);
    await deviceFlow(log, a, b);
    await samlReplay(env, log, a, b);
    await schedules(env, log, scheduleSince);
  } finally {
    await Promise.all(started.map((p) => p.stop()));
  }
}

async function rateLimit(env: FaultEnvironment, log: ScenarioLog, a: ApiProcess, b: ApiProcess, publicUrl: string) {
  const orgId = env.demo.organizations["acme"]!;
  const admin = await new TrpcClient(a.url, "", publicUrl).signIn("admin@acme.example", DEMO_PASSWORD);
  const created = await admin.mutate("apiKeys.create", { orgId, name: "fault bench", permissions: ["org:read"], expiresAt: null });
  if (created.status !== 200) throw new Error(`creating an API key answered ${created.status}: ${created.body}`);
  const token = (created.data as { token: string }).token;
  const burst = 6;
  await env.db.$executeRaw`UPDATE organizations SET rate_limit_per_minute = ${burst}, rate_limit_burst = ${burst} WHERE id = ${orgId}::uuid`;
  try {
    const key = admin.withBearer(token);
    const answers: { instance: string; answer: Answer }[] = [];
    for (let i = 0; i < 4 * burst; i++) {
      const instance = i % 2 ? "B" : "A";
      answers.push({ instance, answer: await key.on(i % 2 ? b.url : a.url).query("org.get", { orgId }) });
    }
    const ok = answers.filter((r) => r.answer.status === 200).length;
    const limitedOn = new Set(answers.filter((r) => r.answer.status === 429).map((r) => r.instance));
    log.step(`rate limit: Acme set to ${burst}/min (burst ${burst}); ${answers.length} API-key calls alternating A and B`);
    // A bucket per process would let about twice the burst through.
    log.check("rate limit: one bucket for both instances (at most burst + 1 calls pass, both instances answer 429)", ok <= burst + 1 && limitedOn.size === 2,
      `${ok} × 200, 429 from ${[...limitedOn].join(" and ") || "neither"}`);
  } finally {
    await env.db.$executeRaw`UPDATE organizations SET rate_limit_per_minute = NULL, rate_limit_burst = NULL WHERE id = ${orgId}::uuid`;
  }
}

async function loginThrottle(log: ScenarioLog, a: ApiProcess, b: ApiProcess, publicUrl: string) {
  const attempt = async (url: string, password: string) =>
    classify(await fetch(`${url}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: publicUrl },
      body: JSON.stringify({ json: { email: "tom.baker@acme.example", password } }),
    }));
  const statuses: string[] = [];
  for (let i = 0; i < 8; i++) statuses.push(`${i % 2 ? "B" : "A"}:${(await attempt(i % 2 ? b.url : a.url, `wrong-${i}`)).status}`);
  const right = [await attempt(a.url, DEMO_PASSWORD), await attempt(b.url, DEMO_PASSWORD)];
  log.step(`login throttle: 8 wrong passwords for one account alternating A and B (${statuses.join(" ")}), then the right one on each`);
  log.check("login throttle: failures on both instances count together; the account is locked on both",
    statuses.slice(5).every((s) => s.endsWith(":429")) && right.every((r) => r.status === 429), `right password afterwards: A ${right[0]!.status}, B ${right[1]!.status}`);
}

async function deviceFlow(log: ScenarioLog, a: ApiProcess, b: ApiProcess) {
  const form = (body: Record<string, string>) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body).toString(),
  });
  const code = (await (await fetch(`${a.url}/oauth/device/code`, form({ client_id: "atrium-cli", scope: "org:read" }))).json()) as { device_code: string; interval: number };
  const poll = async (url: string) =>
    ((await (await fetch(`${url}/oauth/device/token`, form({ grant_type: "urn:ietf:params:oauth:grant-type:device_code", client_id: "atrium-cli", device_code: code.device_code }))).json()) as { error: string }).error;
  const first = await poll(a.url);
  const second = await poll(b.url);
  log.step(`device flow: device code from A (interval ${code.interval} s); polled A then B at once: ${first}, ${second}`);
  log.check("device flow: polling too fast on the other instance gets slow_down", first === "authorization_pending" && second === "slow_down");
}

async function samlReplay(env: FaultEnvironment, log: ScenarioLog, a: ApiProcess, b: ApiProcess) {
  const globex = env.demo.organizations["globex"]!;
  const actor = systemActor("fault-bench");
  const idpEntity = "https://idp.sandbox.test/saml";
  const idp = createSamlIdp({ entityId: idpEntity, ssoUrl: `${idpEntity}/sso`, ...sandboxKeys("idp") });
  await env.db.ssoDomain.upsert({
    where: { organizationId_domain: { organizationId: globex, domain: "globex.example" } },
    create: { organizationId: globex, domain: "globex.example", token: "t", verifiedAt: new Date() },
    update: { verifiedAt: new Date() },
  });
  const connection = await createConnection(env.db, actor, globex, {
    name: "Fault bench IdP",
    provider: "generic_saml",
    protocol: "saml",
    saml: { idpEntityId: idpEntity, idpSsoUrl: `${idpEntity}/sso`, certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: true },
  });
  await setConnectionStatus(env.db, actor, globex, connection.id, "live");
  const metadata = await (await fetch(`${a.url}/auth/saml/${connection.id}/metadata`)).text();
  const entityId = metadata.match(/entityID="([^"]+)"/)![1]!;
  const acsUrl = metadata.match(/AssertionConsumerService[^>]*Location="([^"]+)"/)![1]!;
  const response = await idp.loginResponse(idp.serviceProvider(entityId, acsUrl), {
    email: "karl.berg@globex.example",
    attributes: { email: "karl.berg@globex.example", name: "Karl Berg" },
  }, { inResponseTo: null });
  const post = (url: string) =>
    fetch(`${url}/auth/saml/${connection.id}/acs`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: "https://idp.sandbox.test", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ SAMLResponse: response }).toString(),
    });
  const first = await post(a.url);
  const replay = await post(b.url);
  const signedIn = (r: Response) => r.headers.getSetCookie().some((c) => c.startsWith("atrium_session="));
  const refusal = await env.db.auditEvent.findFirst({
    where: { action: "sso.login", status: "denied", organizationId: globex },
    orderBy: { occurredAt: "desc" },
    select: { details: true },
  });
  const reason = (refusal?.details as { reason?: string } | undefined)?.reason;
  log.step(`SAML: one IdP-initiated assertion posted to A (${first.status}), then replayed to B (${replay.status})`);
  log.check("SAML: an assertion used on one instance is refused as a replay on the other",
    first.status === 303 && signedIn(first) && replay.status === 401 && !signedIn(replay) && reason === "replayed_assertion", `refusal reason ${reason}`);
}

async function schedules(env: FaultEnvironment, log: ScenarioLog, since: Date) {
  // impersonation-expiry runs every minute and nothing else queues it: one job per minute means one per tick.
  const perMinute = () => env.db.$queryRaw<{ minute: Date; jobs: bigint }[]>`
    SELECT date_trunc('minute', created_on) AS minute, count(*) AS jobs FROM pgboss.job
     WHERE name = 'impersonation-expiry' AND created_on >= ${since} GROUP BY 1 ORDER BY 1`;
  log.step("schedules: waiting for three ticks of the every-minute impersonation-expiry schedule with both workers running");
  const minutes = await waitFor("three schedule ticks", async () => {
    const rows = await perMinute();
    return rows.length >= 3 ? rows : false;
  }, { timeoutMs: 300_000, intervalMs: 2000 }).catch(() => perMinute());
  log.check("schedules: one job per tick with two workers", minutes.length >= 3 && minutes.every((m) => m.jobs === 1n),
    minutes.map((m) => `${m.minute.toISOString().slice(11, 16)}: ${m.jobs}`).join(", "));
}
