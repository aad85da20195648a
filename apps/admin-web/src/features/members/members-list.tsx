import { errorMessage, formatCount, formatNumber } from "@atrium/ui";
import { Alert, Group, Loader, Pagination, Paper, Select, Stack, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { BulkActionBar } from "./bulk-action-bar.tsx";
import { BulkConfirmModal, type BulkKind } from "./bulk-confirm-modal.tsx";
import { ChangeRoleModal } from "./change-role-modal.tsx";
import { MemberActionModal } from "./member-action-modal.tsx";
import { MemberFilters } from "./member-filters.tsx";
import { MemberRowMenu, type MemberAction } from "./member-row-menu.tsx";
import { MembersTable } from "./members-table.tsx";
import { DEFAULT_PAGE_SIZE, PAGE_SIZES, type TMemberSearch } from "./search.ts";
import type { Member } from "./types.ts";

const appRoute = getRouteApi("/app");
const membersRoute = getRouteApi("/app/orgs/$orgId/members");

/** The member table with its filters, pagination, row actions and bulk bar. */
export function MembersList({ orgId }: { orgId: string }) {
  const search = membersRoute.useSearch();
  const navigate = membersRoute.useNavigate();
  const { user } = appRoute.useRouteContext();
  const access = useMyAccess(orgId);
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? DEFAULT_PAGE_SIZE;
  const sort = search.sort ?? "name";
  const dir = search.dir ?? "asc";
  const members = useQuery({
    ...trpc.members.list.queryOptions({ orgId, q: search.q, role: search.role, status: search.status, sort, dir, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<{ action: MemberAction; member: Member } | null>(null);
  const [bulk, setBulk] = useState<BulkKind | null>(null);

  const setSearch = (patch: Partial<TMemberSearch>, keepPage = false) => {
    setSelected(new Set());
    void navigate({ search: (prev) => ({ ...prev, ...(keepPage ? {} : { page: undefined }), ...patch }), replace: true });
  };

  if (members.isPending) return <Loader aria-label="Loading members" />;
  if (members.isError) return <Alert color="red" role="alert" title="Could not load members">{errorMessage(members.error)}</Alert>;

  const { rows, total } = members.data;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const selectedRows = rows.filter((r) => selected.has(r.userId));
  const selectedIds = selectedRows.map((r) => r.userId);
  const canBulk = access.can("members:bulk_manage");
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;

  return (
    <Stack gap="md">
      <MemberFilters orgId={orgId} search={search} onChange={(patch) => setSearch(patch)} />
      <Paper withBorder>
        <MembersTable
          rows={rows}
          sort={sort}
          dir={dir}
          onSort={(column, nextDir) => setSearch({ sort: column, dir: nextDir })}
          selection={canBulk ? { selected, onChange: setSelected } : undefined}
          renderActions={(member) => (
            <MemberRowMenu member={member} access={access} isSelf={member.userId === user.id} onAction={(action) => setDialog({ action, member })} />
          )}
        />
      </Paper>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          {formatNumber(first)}–{formatNumber(Math.min(page * pageSize, total))} of {formatCount(total, "member")}
        </Text>
        <Group gap="sm">
          <Select
            aria-label="Rows per page"
            w={90}
            allowDeselect={false}
            value={String(pageSize)}
            data={PAGE_SIZES.map((n) => String(n))}
            onChange={(value) => value && setSearch({ pageSize: Number(value) as TMemberSearch["pageSize"] })}
          />
          <Pagination
            total={pages}
            value={Math.min(page, pages)}
            onChange={(next) => setSearch({ page: next === 1 ? undefined : next }, true)}
            getControlProps={(control) => ({ "aria-label": `${control} page` })}
            getItemProps={(n) => ({ "aria-label": `Page ${n}` })}
          />
        </Group>
      </Group>
      <BulkActionBar
        count={canBulk ? selectedIds.length : 0}
        statuses={new Set(selectedRows.map((r) => r.status))}
        access={access} onAction={setBulk}
        onClear={() => setSelected(new Set())}
      />
      {bulk && (
        <BulkConfirmModal
          orgId={orgId}
          kind={bulk}
          userIds={selectedIds}
          onClose={() => setBulk(null)}
          onDone={() => {
            setBulk(null);
            setSelected(new Set());
          }}
        />
      )}
      {dialog?.action === "change_role" && <ChangeRoleModal orgId={orgId} member={dialog.member} onClose={() => setDialog(null)} />}
      {dialog && dialog.action !== "change_role" && (
        <MemberActionModal orgId={orgId} member={dialog.member} action={dialog.action} onClose={() => setDialog(null)} />
      )}
    </Stack>
  );
}
