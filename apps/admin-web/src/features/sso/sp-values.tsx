import { DataTable, type DataColumn } from "@atrium/ui";
import { Button, Code, CopyButton } from "@mantine/core";

interface Connection {
  protocol: "saml" | "oidc";
  sp: { entityId: string; acsUrl: string; metadataUrl: string; redirectUri: string };
}

type SpValue = { label: string; value: string };

const COLUMNS: DataColumn<SpValue>[] = [
  { id: "label", header: "Setting", width: 240, value: (row) => row.label },
  { id: "value", header: "Value", cell: (row) => <Code style={{ overflowWrap: "anywhere" }}>{row.value}</Code> },
];

/** Our side of the connection, each value with a copy button. */
export function SpValues({ connection }: { connection: Connection }) {
  const rows: SpValue[] =
    connection.protocol === "saml"
      ? [
          { label: "SP Entity ID / Audience", value: connection.sp.entityId },
          { label: "ACS URL (single sign-on URL)", value: connection.sp.acsUrl },
          { label: "SP metadata URL", value: connection.sp.metadataUrl },
          { label: "NameID format", value: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" },
        ]
      : [{ label: "Redirect URI", value: connection.sp.redirectUri }];
  return (
    <DataTable
      label="Our service provider values"
      columns={COLUMNS}
      data={rows}
      getRowId={(row) => row.label}
      actionsWidth={90}
      rowActions={(row) => (
        <CopyButton value={row.value}>
          {({ copied, copy }) => <Button size="compact-xs" variant="subtle" onClick={copy} aria-label={`Copy ${row.label}`}>{copied ? "Copied" : "Copy"}</Button>}
        </CopyButton>
      )}
    />
  );
}
