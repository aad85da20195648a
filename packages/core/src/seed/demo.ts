/**
 * Demo data for development and the browser tests: a handful of customers on
 * different plans and regions, an org hierarchy, members with each system
 * role, and platform staff. Every row is written with its audit event, as the
 * product itself would write it. Development only: all demo logins share the
 * password DEMO_PASSWORD.
 */
import type { DataRegion, Db, PlanTier, PlatformRole, SystemRole, Tx } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { hashPassword } from "../auth/password.ts";
import { seedCustomerSuccess } from "./customer-success.ts";
import { seedScimDemo } from "../scim/demo.ts";
import { seedBilling } from "../billing/seed.ts";
import { DEMO_APPLICATION, seedDemoApplication } from "./applications.ts";

export const DEMO_PASSWORD = "atrium-demo";

export const DEMO_LOGINS = [
  { email: "admin@acme.example", role: "Tenant admin (owner of Acme Corp)", app: "admin" },
  { email: "csm@atrium.example", role: "Customer Success Manager", app: "csm" },
  { email: "root@atrium.example", role: "Platform super admin", app: "csm" },
  { email: "lead@atrium.example", role: "CS lead (sees every customer, tunes health weights)", app: "csm" },
  { email: "finance@atrium.example", role: "Platform finance (contracts, invoices)", app: "csm" },
] as const;

interface OrgSpec {
  key: string;
  name: string;
  slug: string;
  plan: PlanTier;
  region: DataRegion;
  isEnterprise: boolean;
  members: [email: string, name: string, role: SystemRole][];
  children?: Omit<OrgSpec, "plan" | "isEnterprise">[];
}

const STAFF: [string, string, PlatformRole][] = [
  ["root@atrium.example", "Riley Root", "super_admin"],
  ["csm@atrium.example", "Casey Morgan", "csm"],
  ["jordan.lee@atrium.example", "Jordan Lee", "csm"],
  ["finance@atrium.example", "Fran Okafor", "finance"],
  ["sales@atrium.example", "Sasha Reyes", "sales"],
];

const CUSTOMERS: OrgSpec[] = [
  {
    key: "acme", name: "Acme Corp", slug: "acme", plan: "enterprise", region: "us", isEnterprise: true,
    members: [
      ["admin@acme.example", "Avery Admin", "owner"],
      ["sam.patel@acme.example", "Sam Patel", "admin"],
      ["lee.chen@acme.example", "Lee Chen", "member"],
      ["auditor@acme.example", "Alex Auditor", "viewer"],
    ],
    children: [
      {
        key: "acmeNorthAmerica", name: "Acme North America", slug: "acme-na", region: "us",
        members: [["admin@acme.example", "Avery Admin", "owner"], ["maria.garcia@acme.example", "Maria Garcia", "admin"], ["tom.baker@acme.example", "Tom Baker", "member"]],
        children: [
          {
            key: "acmeCanada", name: "Acme Canada", slug: "acme-ca", region: "ca",
            members: [["admin@acme.example", "Avery Admin", "owner"], ["emily.tremblay@acme.example", "Emily Tremblay", "admin"], ["noah.roy@acme.example", "Noah Roy", "member"]],
          },
        ],
      },
      {
        key: "acmeEmea", name: "Acme EMEA", slug: "acme-emea", region: "eu",
        members: [["admin@acme.example", "Avery Admin", "owner"], ["sophie.muller@acme.example", "Sophie Müller", "admin"], ["luca.rossi@acme.example", "Luca Rossi", "member"]],
      },
    ],
  },
  {
    key: "globex", name: "Globex Corporation", slug: "globex", plan: "enterprise", region: "eu", isEnterprise: true,
    members: [["it@globex.example", "Hank Scorpio", "owner"], ["ines.dupont@globex.example", "Inès Dupont", "admin"], ["karl.berg@globex.example", "Karl Berg", "member"]],
    children: [
      { key: "globexUk", name: "Globex UK", slug: "globex-uk", region: "uk", members: [["it@globex.example", "Hank Scorpio", "owner"], ["olivia.hughes@globex.example", "Olivia Hughes", "member"]] },
    ],
  },
  {
    key: "umbrella", name: "Umbrella Health", slug: "umbrella-health", plan: "enterprise", region: "us", isEnterprise: true,
    members: [["security@umbrella.example", "Dana Whitfield", "owner"], ["raj.iyer@umbrella.example", "Raj Iyer", "admin"], ["kim.nguyen@umbrella.example", "Kim Nguyen", "viewer"]],
    children: [
      { key: "umbrellaLabs", name: "Umbrella Labs", slug: "umbrella-labs", region: "us", members: [["security@umbrella.example", "Dana Whitfield", "owner"], ["ada.osei@umbrella.example", "Ada Osei", "member"]] },
    ],
  },
  {
    key: "initech", name: "Initech", slug: "initech", plan: "business", region: "us", isEnterprise: false,
    members: [["bill.lumbergh@initech.example", "Bill Lumbergh", "owner"], ["peter.gibbons@initech.example", "Peter Gibbons", "member"], ["milton.waddams@initech.example", "Milton Waddams", "viewer"]],
  },
  {
    key: "soylent", name: "Soylent Foods", slug: "soylent", plan: "team", region: "au", isEnterprise: false,
    members: [["ops@soylent.example", "Mia Thorn", "owner"], ["jack.wu@soylent.example", "Jack Wu", "member"]],
  },
  {
    key: "tyrell", name: "Tyrell Analytics", slug: "tyrell", plan: "business", region: "jp", isEnterprise: true,
    members: [["admin@tyrell.example", "Rachael Tyrell", "owner"], ["kenji.sato@tyrell.example", "Kenji Sato", "admin"], ["yuki.tanaka@tyrell.example", "Yuki Tanaka", "member"]],
  },
];

export interface DemoData {
  organizations: Record<string, string>;
  users: Record<string, string>;
  /** Applications by slug (the demo product is `demo-product`). */
  applications: Record<string, string>;
}

const actor = systemActor("demo-seed");

/** True when the database already has organizations (the seed then does nothing). */
export async function isSeeded(db: Db): Promise<boolean> {
  return (await db.organization.count()) > 0;
}

export { DEMO_APPLICATION, DEMO_CATALOG } from "./applications.ts";

export async function seedDemo(db: Db): Promise<DemoData> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const data = await db.$transaction(
    async (tx) => {
      const users: Record<string, string> = {};
      const organizations: Record<string, string> = {};

      const userId = async (email: string, name: string, platformRole: PlatformRole | null = null) => {
        if (users[email]) return users[email];
        const user = await tx.user.create({ data: { email, name, passwordHash, platformRole }, select: { id: true } });
        await recordAudit(tx, actor, {
          action: "user.create",
          organizationId: null,
          resource: { type: "user", id: user.id },
          details: { platformRole },
          personal: { email, name },
        });
        return (users[email] = user.id);
      };

      for (const [email, name, role] of STAFF) await userId(email, name, role);

      const createOrg = async (spec: OrgSpec, parentId: string | null, tx: Tx) => {
        const org = await tx.organization.create({
          data: { name: spec.name, slug: spec.slug, plan: spec.plan, region: spec.region, isEnterprise: spec.isEnterprise, parentId },
          select: { id: true },
        });
        organizations[spec.key] = org.id;
        await recordAudit(tx, actor, {
          action: "org.create",
          organizationId: parentId ?? org.id,
          resource: { type: "organization", id: org.id },
          details: { name: spec.name, slug: spec.slug, parentId },
        });
        for (const [email, name, role] of spec.members) {
          const member = await userId(email, name);
          await tx.membership.create({ data: { organizationId: org.id, userId: member, role }, select: { id: true } });
          await recordAudit(tx, actor, {
            action: "membership.create",
            organizationId: org.id,
            resource: { type: "user", id: member },
            details: { role },
          });
        }
        for (const child of spec.children ?? []) {
          await createOrg({ ...child, plan: spec.plan, isEnterprise: spec.isEnterprise }, org.id, tx);
        }
      };

      for (const customer of CUSTOMERS) await createOrg(customer, null, tx);
      await seedScimDemo(tx, organizations["acme"]!);
      return { organizations, users };
    },
    // The seed runs at first start and in each test run's global setup, often on a busy machine:
    // waiting long for a connection (Prisma's default maxWait is 2 s) is never an error here.
    { maxWait: 60_000, timeout: 60_000 },
  );
  // Billing first (contracts, invoices, usage); customer success then adds what billing has not.
  await seedBilling(db, data);
  await seedCustomerSuccess(db, data.organizations, data.users, passwordHash);
  return { ...data, applications: { [DEMO_APPLICATION.slug]: await seedDemoApplication(db) } };
}
