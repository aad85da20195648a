import { formatDate, formatNumber } from "@atrium/ui";
import { Badge, Tooltip } from "@mantine/core";

interface Certificate {
  subject: string;
  notAfter: Date;
  daysLeft: number;
  status: "ok" | "expiring" | "expired";
  fingerprint: string;
}

/** An IdP signing certificate's expiry: green, orange within 30 days, red once expired. */
export function CertificateBadge({ certificate }: { certificate: Certificate }) {
  const color = certificate.status === "ok" ? "green" : certificate.status === "expiring" ? "orange" : "red";
  const label =
    certificate.status === "expired"
      ? `Expired ${formatDate(certificate.notAfter)}`
      : certificate.status === "expiring"
        ? `Expires in ${formatNumber(certificate.daysLeft)} days`
        : `Valid until ${formatDate(certificate.notAfter)}`;
  return (
    <Tooltip label={`${certificate.subject} · SHA-256 ${certificate.fingerprint}`}>
      <Badge variant="light" color={color} style={{ textTransform: "none" }}>{label}</Badge>
    </Tooltip>
  );
}
