/**
 * The SCIM schemas Atrium serves (RFC 7643 §4, §8.7): User with the
 * Enterprise User extension, and Group. One definition drives discovery
 * (/Schemas), attribute-name canonicalization, case rules in filters, type
 * coercion and mutability checks, so what /Schemas says is what the server does.
 */
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const BULK_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const BULK_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

export type AttrType = "string" | "boolean" | "complex" | "dateTime" | "reference" | "integer" | "decimal";

export interface AttrDef {
  name: string;
  type: AttrType;
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned?: "always" | "default" | "never" | "request";
  uniqueness?: "none" | "server" | "global";
  subAttributes?: AttrDef[];
  referenceTypes?: string[];
  description: string;
}

const str = (name: string, description: string, extra: Partial<AttrDef> = {}): AttrDef => ({ name, type: "string", description, ...extra });

/** value/display/type/primary: the sub-attributes of the usual multi-valued attributes. */
const multi = (name: string, description: string, types: string[] = ["work", "home", "other"]): AttrDef => ({
  name,
  type: "complex",
  multiValued: true,
  description,
  subAttributes: [
    str("value", `The ${name} value`),
    str("display", "A human-readable name"),
    str("type", `A label: ${types.join(", ")}`),
    { name: "primary", type: "boolean", description: "The primary value" },
  ],
});

export const COMMON_ATTRIBUTES: AttrDef[] = [
  str("id", "Unique identifier assigned by Atrium", { caseExact: true, mutability: "readOnly", returned: "always", uniqueness: "server" }),
  str("externalId", "Identifier assigned by the provisioning client", { caseExact: true }),
  {
    name: "meta",
    type: "complex",
    mutability: "readOnly",
    description: "Resource metadata",
    subAttributes: [
      str("resourceType", "User or Group", { caseExact: true, mutability: "readOnly" }),
      { name: "created", type: "dateTime", mutability: "readOnly", description: "When the resource was created" },
      { name: "lastModified", type: "dateTime", mutability: "readOnly", description: "When the resource last changed" },
      { name: "location", type: "reference", caseExact: true, mutability: "readOnly", referenceTypes: ["uri"], description: "The resource's URI" },
      str("version", "The resource's ETag", { caseExact: true, mutability: "readOnly" }),
    ],
  },
];

export const USER_ATTRIBUTES: AttrDef[] = [
  str("userName", "Unique identifier for the user, usually an e-mail address", { required: true, uniqueness: "server" }),
  {
    name: "name",
    type: "complex",
    description: "The components of the user's name",
    subAttributes: ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"].map((n) => str(n, `Name component ${n}`)),
  },
  str("displayName", "The name displayed to others"),
  str("nickName", "Casual name"),
  { name: "profileUrl", type: "reference", referenceTypes: ["external"], description: "Profile page" },
  str("title", "Job title (also copied to the member's directory attributes)"),
  str("userType", "Relationship to the organization, e.g. Employee"),
  str("preferredLanguage", "Preferred language"),
  str("locale", "Locale"),
  str("timezone", "Time zone (IANA)"),
  { name: "active", type: "boolean", description: "false deactivates the membership and revokes sessions and API keys" },
  multi("emails", "E-mail addresses (not unique); the first in a verified domain, primary first, links the user to an Atrium account"),
  multi("phoneNumbers", "Phone numbers", ["work", "home", "mobile", "fax", "pager", "other"]),
  multi("ims", "Instant messaging addresses"),
  multi("photos", "Photo URLs", ["photo", "thumbnail"]),
  {
    name: "addresses",
    type: "complex",
    multiValued: true,
    description: "Physical addresses",
    subAttributes: [
      ...["formatted", "streetAddress", "locality", "region", "postalCode", "country", "type"].map((n) => str(n, `Address ${n}`)),
      { name: "primary", type: "boolean", description: "The primary address" },
    ],
  },
  {
    name: "groups",
    type: "complex",
    multiValued: true,
    mutability: "readOnly",
    description: "Groups the user belongs to (change them through /Groups)",
    subAttributes: [
      str("value", "Group id", { mutability: "readOnly" }),
      { name: "$ref", type: "reference", referenceTypes: ["Group"], mutability: "readOnly", description: "Group URI" },
      str("display", "Group name", { mutability: "readOnly" }),
      str("type", "direct", { mutability: "readOnly" }),
    ],
  },
  multi("entitlements", "Entitlements"),
  multi("roles", "Roles named by the identity provider (informational; Atrium roles come from group mappings)"),
];

export const ENTERPRISE_ATTRIBUTES: AttrDef[] = [
  str("employeeNumber", "Employee number"),
  str("costCenter", "Cost center"),
  str("organization", "Organization"),
  str("division", "Division"),
  str("department", "Department (usable in ABAC conditions)"),
  {
    name: "manager",
    type: "complex",
    description: "The user's manager",
    subAttributes: [
      str("value", "The manager's id"),
      { name: "$ref", type: "reference", referenceTypes: ["User"], description: "The manager's URI" },
      str("displayName", "The manager's name", { mutability: "readOnly" }),
    ],
  },
];

export const GROUP_ATTRIBUTES: AttrDef[] = [
  str("displayName", "The group's name, unique in the organization", { required: true, uniqueness: "server" }),
  {
    name: "members",
    type: "complex",
    multiValued: true,
    description: "Members of the group (users)",
    subAttributes: [
      str("value", "A user id", { caseExact: true, mutability: "immutable" }),
      { name: "$ref", type: "reference", referenceTypes: ["User"], mutability: "immutable", description: "The user's URI" },
      str("display", "The user's name", { mutability: "readOnly" }),
      str("type", "User", { mutability: "immutable" }),
    ],
  },
];

export type ResourceKind = "User" | "Group";

/** The attributes of a resource kind, by schema URN (the core schema first). */
export const SCHEMAS_OF: Record<ResourceKind, { core: string; attributes: AttrDef[]; extensions: Record<string, AttrDef[]> }> = {
  User: { core: USER_SCHEMA, attributes: [...COMMON_ATTRIBUTES, ...USER_ATTRIBUTES], extensions: { [ENTERPRISE_SCHEMA]: ENTERPRISE_ATTRIBUTES } },
  Group: { core: GROUP_SCHEMA, attributes: [...COMMON_ATTRIBUTES, ...GROUP_ATTRIBUTES], extensions: {} },
};

export const findAttr = (defs: readonly AttrDef[] | undefined, name: string): AttrDef | undefined => {
  const lower = name.toLowerCase();
  return defs?.find((d) => d.name.toLowerCase() === lower);
};

/** Where an attribute path points: the extension URN (or null for the core schema), its definition and sub-attribute. */
export interface ResolvedPath {
  schema: string | null;
  attr: AttrDef;
  sub?: AttrDef | undefined;
}

/** Resolves `uri`, `attr` and `sub` against a kind's schemas; undefined when any part is unknown. */
export function resolveAttr(kind: ResourceKind, uri: string | undefined, attr: string, sub?: string): ResolvedPath | undefined {
  const schemas = SCHEMAS_OF[kind];
  let schema: string | null = null;
  let defs: AttrDef[] = schemas.attributes;
  if (uri !== undefined) {
    const ext = Object.keys(schemas.extensions).find((u) => u.toLowerCase() === uri.toLowerCase());
    if (ext) {
      schema = ext;
      defs = schemas.extensions[ext]!;
    } else if (uri.toLowerCase() !== schemas.core.toLowerCase()) return undefined;
  }
  const def = findAttr(defs, attr);
  if (!def) return undefined;
  if (sub === undefined) return { schema, attr: def };
  const subDef = findAttr(def.subAttributes, sub);
  return subDef ? { schema, attr: def, sub: subDef } : undefined;
}

function schemaDocument(id: string, name: string, description: string, attributes: AttrDef[], baseUrl: string) {
  const render = (d: AttrDef): object => ({
    name: d.name,
    type: d.type,
    multiValued: d.multiValued ?? false,
    description: d.description,
    required: d.required ?? false,
    caseExact: d.caseExact ?? false,
    mutability: d.mutability ?? "readWrite",
    returned: d.returned ?? "default",
    uniqueness: d.uniqueness ?? "none",
    ...(d.referenceTypes ? { referenceTypes: d.referenceTypes } : {}),
    ...(d.subAttributes ? { subAttributes: d.subAttributes.map(render) } : {}),
  });
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    id,
    name,
    description,
    attributes: attributes.filter((a) => a.name !== "id" && a.name !== "meta").map(render),
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${id}` },
  };
}

export function schemaDocuments(baseUrl: string) {
  return [
    schemaDocument(USER_SCHEMA, "User", "User account", [...COMMON_ATTRIBUTES, ...USER_ATTRIBUTES], baseUrl),
    schemaDocument(ENTERPRISE_SCHEMA, "EnterpriseUser", "Enterprise User (mapped to member directory attributes)", ENTERPRISE_ATTRIBUTES, baseUrl),
    schemaDocument(GROUP_SCHEMA, "Group", "Group (mapped to Atrium groups; a group can grant a role)", [...COMMON_ATTRIBUTES, ...GROUP_ATTRIBUTES], baseUrl),
  ];
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "User account",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "Group",
      schema: GROUP_SCHEMA,
      schemaExtensions: [],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

export const MAX_RESULTS = 1000;
export const MAX_BULK_OPERATIONS = 1000;
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export function serviceProviderConfig(baseUrl: string, docsUrl: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: docsUrl,
    patch: { supported: true },
    bulk: { supported: true, maxOperations: MAX_BULK_OPERATIONS, maxPayloadSize: MAX_PAYLOAD_BYTES },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Authentication with a SCIM token created in Atrium's admin console (Settings → SCIM)",
        specUri: "https://www.rfc-editor.org/rfc/rfc6750",
        documentationUri: docsUrl,
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}
