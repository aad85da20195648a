import { useMyAccess, type MyAccess } from "./use-my-access.ts";

/** What `useOrgPage` needs of a page's route (`getRouteApi("/app/orgs/$orgId/…")`). */
interface OrgRoute<TSearch> {
  useParams(): { orgId: string };
  useSearch(): TSearch;
  useNavigate(): unknown;
}

type SearchNavigate<TSearch> = (options: { search: (prev: TSearch) => TSearch; replace?: boolean }) => Promise<void>;

export interface OrgPage<TSearch> {
  orgId: string;
  /** The page's state in the URL (tab, filters, opened row), as its route validated it. */
  search: TSearch;
  /** What the caller may do in this organization. */
  access: MyAccess;
  /**
   * Changes part of the URL state and keeps the rest. Filters replace the history entry (the
   * back button leaves the page, not the last filter); `{ replace: false }` adds one, for moves a
   * person expects Back to undo (another tab, an opened row).
   */
  setSearch(patch: Partial<TSearch>, options?: { replace?: boolean }): void;
}

/**
 * The frame of an organization page: its organization, its URL state with the one way it
 * changes, and the caller's access there.
 */
export function useOrgPage<TSearch>(route: OrgRoute<TSearch>): OrgPage<TSearch> {
  const { orgId } = route.useParams();
  const search = route.useSearch();
  // The route's own navigate, narrowed to the search-only moves this hook makes.
  const navigate = route.useNavigate() as SearchNavigate<TSearch>;
  const access = useMyAccess(orgId);
  const setSearch = (patch: Partial<TSearch>, { replace = true }: { replace?: boolean } = {}) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }), replace });
  return { orgId, search, access, setSearch };
}
