/**
 * Which units a read covers, and the SQL that restricts a query to them: shared
 * by the read model, the duties queries and the rectification items.
 */

/**
 * Which units a read covers: a whole campaign, one or more subtrees (given by
 * their root paths, '/root/branch/'), or one unit. A subtree is the bytewise
 * range [path, path with its final '/' raised to '0'): exactly the paths that
 * start with it, and one range of the text_pattern_ops indexes on
 * unit_campaign_state.unit_path.
 */
export type ReadScope = { kind: 'campaign' } | { kind: 'subtrees'; paths: string[] } | { kind: 'unit'; unitId: string };

/** The bytewise upper bound of a subtree's paths. */
export const subtreeUpperBound = (path: string) => `${path.slice(0, -1)}0`;

/** Drops roots inside another root, so that no unit is read twice. */
export function outermostPaths(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  const kept: string[] = [];
  for (const path of sorted) if (!kept.some((outer) => path.startsWith(outer))) kept.push(path);
  return kept;
}

/** SQL conditions restricting `s` (unit_campaign_state, or any row with a unit path and id) to the scope; appends their parameters. */
export function scopeSql(scope: ReadScope, params: unknown[], columns = { path: 's.unit_path', unitId: 's.unit_id' }): string {
  if (scope.kind === 'campaign') return 'TRUE';
  if (scope.kind === 'unit') {
    params.push(scope.unitId);
    return `${columns.unitId} = $${params.length}`;
  }
  const paths = outermostPaths(scope.paths);
  if (paths.length === 0) return 'FALSE';
  if (paths.length === 1) {
    params.push(paths[0], subtreeUpperBound(paths[0]));
    return `${columns.path} ~>=~ $${params.length - 1} AND ${columns.path} ~<~ $${params.length}`;
  }
  params.push(paths, paths.map(subtreeUpperBound));
  return `EXISTS (SELECT 1 FROM unnest($${params.length - 1}::text[], $${params.length}::text[]) AS r(lo, hi) WHERE ${columns.path} ~>=~ r.lo AND ${columns.path} ~<~ r.hi)`;
}
