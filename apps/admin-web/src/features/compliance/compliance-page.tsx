import { type DataColumn, DataTable, formatNumber, PageHeader, TruncatedText } from "@atrium/ui";
import { Accordion, Badge, Button, Group, Loader, Paper, SegmentedControl, Stack, Text, TextInput, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { trpc } from "../../lib/api.ts";
import { MutationError } from "../../lib/mutation-error.tsx";
import { downloadHref, periodOf, type TComplianceSearch } from "./search.ts";

const complianceRoute = getRouteApi("/app/orgs/$orgId/compliance");

const STATUS = {
  pass: { label: "Pass", color: "green" },
  warn: { label: "Warn", color: "yellow" },
  fail: { label: "Fail", color: "red" },
  not_applicable: { label: "Not applicable", color: "gray" },
  no_data: { label: "No data", color: "gray" },
} as const;

type Evidence = { label: string; value: string };

const EVIDENCE_COLUMNS: DataColumn<Evidence>[] = [
  { id: "label", header: "Evidence", value: (e) => e.label },
  { id: "value", header: "Value", width: "40%", align: "right", cell: (e) => <TruncatedText text={e.value} ff="monospace" /> },
];

/** SOC 2, HIPAA and GDPR evidence for a period: sections of controls with status and evidence, downloadable as PDF and JSON. */
export function CompliancePage() {
  const { orgId } = complianceRoute.useParams();
  const search = complianceRoute.useSearch();
  const navigate = complianceRoute.useNavigate();
  const setSearch = (patch: Partial<TComplianceSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const period = periodOf(search);
  const valid = period.from < period.to;
  const report = useQuery({
    ...trpc.audit.reports.generate.queryOptions({ orgId, framework: search.framework, from: period.from, to: period.to }),
    enabled: valid,
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="lg" maw={1100}>
      <PageHeader title="Compliance reports" description="Evidence for auditors, drawn from the tamper-evident audit log and your settings." />
      <Paper withBorder p="md">
        <Group align="flex-end" justify="space-between">
          <Group align="flex-end">
            <SegmentedControl
              aria-label="Framework"
              value={search.framework}
              onChange={(v) => setSearch({ framework: v as TComplianceSearch["framework"] })}
              data={[{ value: "soc2", label: "SOC 2" }, { value: "hipaa", label: "HIPAA" }, { value: "gdpr", label: "GDPR" }]}
            />
            <TextInput type="date" label="From" value={period.fromDay} onChange={(e) => setSearch({ from: e.currentTarget.value || undefined })} />
            <TextInput type="date" label="To" value={period.toDay} error={valid ? undefined : "After the start"} onChange={(e) => setSearch({ to: e.currentTarget.value || undefined })} />
          </Group>
          {report.data && (
            <Group gap="xs">
              <Button component="a" href={downloadHref(orgId, search.framework, period.from, period.to, "pdf")} download>Download PDF</Button>
              <Button component="a" variant="default" href={downloadHref(orgId, search.framework, period.from, period.to, "json")} download>Download JSON</Button>
            </Group>
          )}
        </Group>
      </Paper>
      {report.isPending && valid && <Loader aria-label="Building the report" />}
      <MutationError error={report.error} />
      {report.data && (
        <>
          <Group gap="sm" aria-label="Summary" role="group">
            <Title order={2} size="h4">{report.data.frameworkName}</Title>
            <Badge size="lg" color={STATUS[report.data.overall].color}>Overall: {STATUS[report.data.overall].label}</Badge>
            <Text size="sm" c="dimmed">
              {formatNumber(report.data.counts["pass"] ?? 0)} pass · {formatNumber(report.data.counts["warn"] ?? 0)} warn · {formatNumber(report.data.counts["fail"] ?? 0)} fail · {formatNumber(report.data.counts["no_data"] ?? 0)} no data
            </Text>
          </Group>
          {report.data.sections.map((section) => (
            <Paper key={section.key} withBorder p="md" component="section" aria-label={section.title}>
              <Title order={3} size="h5" mb="xs">{section.title}</Title>
              <Accordion multiple variant="separated">
                {section.controls.map((c) => (
                  <Accordion.Item key={c.key} value={c.key}>
                    <Accordion.Control>
                      <Group justify="space-between" wrap="nowrap">
                        <div>
                          <Text fw={600} size="sm">{c.title}</Text>
                          <Text size="sm" c="dimmed">{c.summary}</Text>
                        </div>
                        <Group gap="xs" wrap="nowrap">
                          <Text size="xs" c="dimmed">{c.reference}</Text>
                          <Badge variant="light" color={STATUS[c.status].color}>{STATUS[c.status].label}</Badge>
                        </Group>
                      </Group>
                    </Accordion.Control>
                    <Accordion.Panel>
                      <DataTable
                        label={`Evidence: ${c.title}`}
                        columns={EVIDENCE_COLUMNS}
                        data={c.evidence}
                        getRowId={(e) => e.label}
                        empty="No evidence rows."
                      />
                    </Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
            </Paper>
          ))}
        </>
      )}
    </Stack>
  );
}
