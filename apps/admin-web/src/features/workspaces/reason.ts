const REFERENCE = /\b(organization|user|group|workspace) ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g;

/**
 * A decision's reason with the ids of organizations, people, groups and
 * workspaces replaced by names the reader knows (ids left as they are when
 * no name is known, e.g. a grant's own id).
 */
export function withNames(reason: string, names: ReadonlyMap<string, string>): string {
  return reason.replace(REFERENCE, (whole, type: string, id: string) => {
    const name = names.get(id);
    return name ? `${type} ${name}` : whole;
  });
}
