import type { Knex } from 'knex';
import type { LmsMapping } from '../db/mapping';

export type Right = 'view' | 'edit' | 'delete';

/**
 * An administrator's rights per org unit, resolved over the org-unit tree once
 * (org units number in the thousands, users in the millions: resolve units, not users).
 */
export class Clearance {
  constructor(private readonly units: Record<Right, Set<number>>) {}

  can(right: Right, orgUnitId: number): boolean {
    return this.units[right].has(orgUnitId);
  }

  /** The org units on which the right is held, for `whereIn` filters. */
  orgUnits(right: Right): number[] {
    return [...this.units[right]].sort((a, b) => a - b);
  }
}

export async function loadClearance(db: Knex, m: LmsMapping, adminId: number): Promise<Clearance> {
  const [units, grants] = await Promise.all([
    db(m.table('org_units')).select(m.select('org_units', ['id', 'parent_id'])),
    db(m.table('clearances'))
      .select(m.select('clearances', ['org_unit_id', 'include_subunits', 'can_view', 'can_edit', 'can_delete']))
      .where(m.col('clearances', 'admin_id'), adminId),
  ]);
  const children = new Map<number, number[]>();
  for (const u of units as { id: number; parent_id: number | null }[]) {
    if (u.parent_id === null) continue;
    const list = children.get(Number(u.parent_id)) ?? [];
    list.push(Number(u.id));
    children.set(Number(u.parent_id), list);
  }
  const subtree = (root: number): number[] => {
    const out: number[] = [];
    const stack = [root];
    const seen = new Set<number>();
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue; // a cycle in bad data must not hang the tool
      seen.add(id);
      out.push(id);
      stack.push(...(children.get(id) ?? []));
    }
    return out;
  };
  const rights: Record<Right, Set<number>> = { view: new Set(), edit: new Set(), delete: new Set() };
  for (const g of grants as Record<string, unknown>[]) {
    const scope = g.include_subunits ? subtree(Number(g.org_unit_id)) : [Number(g.org_unit_id)];
    for (const [right, col] of [['view', 'can_view'], ['edit', 'can_edit'], ['delete', 'can_delete']] as const) {
      if (g[col]) scope.forEach((u) => rights[right].add(u));
    }
  }
  // Editing or deleting a user implies seeing them.
  rights.edit.forEach((u) => rights.view.add(u));
  rights.delete.forEach((u) => rights.view.add(u));
  return new Clearance(rights);
}
