/** The people the sandbox IdP knows: Globex staff (globex.example is the demo org's verified domain). */
export interface SandboxPerson {
  sub: string;
  email: string;
  name: string;
  department: string;
  title: string;
  groups: string[];
  /** What the OP says in `email_verified` (default true). */
  emailVerified?: boolean;
}

export const SANDBOX_PEOPLE: SandboxPerson[] = [
  { sub: "ines", email: "ines.dupont@globex.example", name: "Inès Dupont", department: "IT", title: "IT Manager", groups: ["globex-admins"] },
  { sub: "karl", email: "karl.berg@globex.example", name: "Karl Berg", department: "Engineering", title: "Engineer", groups: ["engineering"] },
  { sub: "nina", email: "nina.novak@globex.example", name: "Nina Novak", department: "Engineering", title: "Site Reliability Engineer", groups: ["engineering", "on-call"] },
  { sub: "omar", email: "omar.haddad@globex.example", name: "Omar Haddad", department: "Finance", title: "Controller", groups: ["finance"] },
];

export const personBySub = (sub: string) => SANDBOX_PEOPLE.find((p) => p.sub === sub);
