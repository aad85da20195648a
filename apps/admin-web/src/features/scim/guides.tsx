import { Code, List, Stack, Tabs, Text } from "@mantine/core";
import type { ReactNode } from "react";
import type { TScimSearch } from "./search.ts";

type Guide = NonNullable<TScimSearch["guide"]>;

const steps = (baseUrl: string): Record<Guide, { label: string; steps: ReactNode[] }> => ({
  okta: {
    label: "Okta",
    steps: [
      <>In Okta Admin, open <b>Applications → your Atrium app → General</b>, choose <b>Edit</b> and set <b>Provisioning</b> to <b>SCIM</b>.</>,
      <>On the <b>Provisioning</b> tab, set <b>SCIM connector base URL</b> to <Code>{baseUrl}</Code> and <b>Unique identifier field for users</b> to <Code>userName</Code>.</>,
      <>Tick <b>Push New Users</b>, <b>Push Profile Updates</b> and <b>Push Groups</b>; set <b>Authentication Mode</b> to <b>HTTP Header</b> and paste a token created above.</>,
      <>Choose <b>Test Connector Configuration</b>, then <b>Save</b>. Under <b>To App</b>, enable <b>Create Users</b>, <b>Update User Attributes</b> and <b>Deactivate Users</b>.</>,
      <>Assign people and <b>Push Groups</b>; map each pushed group to an Atrium role on the <b>Groups</b> tab here.</>,
    ],
  },
  entra: {
    label: "Microsoft Entra ID",
    steps: [
      <>In the Entra admin center, open <b>Enterprise applications → your Atrium app → Provisioning</b> and choose <b>Get started</b>.</>,
      <>Set <b>Provisioning Mode</b> to <b>Automatic</b>, <b>Tenant URL</b> to <Code>{baseUrl}</Code> and <b>Secret Token</b> to a token created above; choose <b>Test Connection</b>.</>,
      <>Under <b>Mappings</b>, keep <Code>userPrincipalName → userName</Code>, <Code>Switch([IsSoftDeleted]…) → active</Code>, and the department, job title and manager mappings (they feed ABAC conditions).</>,
      <>Set <b>Scope</b> to the assigned users and groups, turn <b>Provisioning Status</b> on and <b>Save</b>. Entra syncs every 40 minutes; <b>Provision on demand</b> tests one user now.</>,
    ],
  },
  onelogin: {
    label: "OneLogin",
    steps: [
      <>Add the <b>SCIM Provisioner with SAML (SCIM v2 Enterprise)</b> app, or enable provisioning on your Atrium app.</>,
      <>On <b>Configuration</b>, set <b>SCIM Base URL</b> to <Code>{baseUrl}</Code>, <b>SCIM Bearer Token</b> to a token created above and <b>SCIM JSON Template</b> to include the enterprise extension; choose <b>Enable</b>.</>,
      <>On <b>Provisioning</b>, tick <b>Enable provisioning</b> and choose what happens on deletion (<b>Suspend</b> deactivates; <b>Delete</b> removes the membership).</>,
      <>On <b>Parameters → Groups</b>, tick <b>Include in User Provisioning</b> and map groups to roles here.</>,
    ],
  },
  jumpcloud: {
    label: "JumpCloud",
    steps: [
      <>In the JumpCloud Admin Portal, open <b>SSO Applications → your Atrium app → Identity Management</b>.</>,
      <>Choose <b>SCIM 2.0</b>, set <b>Base URL</b> to <Code>{baseUrl}</Code>, <b>Token Key</b> to a token created above, then <b>Test Connection</b> and <b>Activate</b>.</>,
      <>Bind user groups to the application; enable <b>Group Management</b> to push them, and map them to roles here.</>,
    ],
  },
  generic: {
    label: "Other SCIM clients",
    steps: [
      <>Base URL <Code>{baseUrl}</Code>; send <Code>Authorization: Bearer &lt;token&gt;</Code> and <Code>Content-Type: application/scim+json</Code>.</>,
      <>Discovery: <Code>/ServiceProviderConfig</Code>, <Code>/ResourceTypes</Code>, <Code>/Schemas</Code>. Users and Groups support filters, paging, PATCH, ETags (<Code>If-Match</Code>) and <Code>/Bulk</Code>.</>,
      <>Every user is kept as sent (only <Code>userName</Code> and <Code>externalId</Code> are unique). It is linked to an account by its first e-mail in one of your verified domains (primary first); others wait on the <b>Users</b> tab for you to link them. <Code>active=false</Code> deactivates a linked member and revokes their sessions and API keys within seconds; DELETE removes the membership.</>,
    ],
  },
});

/** Step-by-step setup per identity provider; the chosen one is kept in the URL. */
export function ScimGuides({ baseUrl, guide, onGuide }: { baseUrl: string; guide: Guide; onGuide(g: Guide): void }) {
  const all = steps(baseUrl);
  return (
    <Tabs value={guide} onChange={(v) => v && onGuide(v as Guide)} aria-label="Setup guides">
      <Tabs.List>
        {(Object.keys(all) as Guide[]).map((g) => (
          <Tabs.Tab key={g} value={g}>{all[g].label}</Tabs.Tab>
        ))}
      </Tabs.List>
      {(Object.keys(all) as Guide[]).map((g) => (
        <Tabs.Panel key={g} value={g} pt="md">
          <Stack gap="xs">
            <Text fw={600}>Connect {all[g].label}</Text>
            <List type="ordered" spacing="xs">
              {all[g].steps.map((step, i) => (
                <List.Item key={i}>{step}</List.Item>
              ))}
            </List>
          </Stack>
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
