import { Button, Code, CopyButton, Table } from "@mantine/core";

interface Connection {
  protocol: "saml" | "oidc";
  sp: { entityId: string; acsUrl: string; metadataUrl: string; redirectUri: string };
}

/** Our side of the connection, each value with a copy button. */
export function SpValues({ connection }: { connection: Connection }) {
  const rows =
    connection.protocol === "saml"
      ? [
          ["SP Entity ID / Audience", connection.sp.entityId],
          ["ACS URL (single sign-on URL)", connection.sp.acsUrl],
          ["SP metadata URL", connection.sp.metadataUrl],
          ["NameID format", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"],
        ]
      : [["Redirect URI", connection.sp.redirectUri]];
  return (
    <Table aria-label="Our service provider values" verticalSpacing="xs">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={240}>{label}</Table.Th>
            <Table.Td><Code>{value}</Code></Table.Td>
            <Table.Td w={90}>
              <CopyButton value={value!}>
                {({ copied, copy }) => <Button size="compact-xs" variant="subtle" onClick={copy} aria-label={`Copy ${label}`}>{copied ? "Copied" : "Copy"}</Button>}
              </CopyButton>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
