import type { Knex } from 'knex';
import type { LmsMapping } from '../db/mapping';

export type Right = 'view' | 'edit' | 'delete';

/**
 * An administrator's rights per org unit, resolved over the org-unit tree once
 * (org units number in the thousands, users in the millions: resolve units, not users).
 */
export class Clearance {
  constructor(
    private readonly units: Record<Right, Set<number>>,
    /** Every org unit of the LMS, so "the whole organisation" can be asked. */
    private readonly allUnits: readonly number[] = [],
  ) {}

  can(right: Right, orgUnitId: number): boolean {
    return this.units[right].has(orgUnitId);
  }

  /** The right on every org unit of the LMS (every root unit with all its subunits). */
  coversAll(right: Right): boolean {
    return this.allUnits.length > 0 && this.allUnits.every((u) => this.units[right].has(u));
  }

  /** The org units on which the right is held, for `whereIn` filters. */
  orgUnits(right: Right): number[] {
    return [...this.units[right]].sort((a, b) => a - b);
  }
}

export async function loadClearance(db: Knex, m: LmsMapping, adminId: number): Promise<Clearance> {
  return (await loadClearances(db, m, [adminId])).get(adminId)!;
}

/** The clearance of several administrators, reading the org-unit tree once. */
export async function loadClearances(db: Knex, m: LmsMapping, adminIds: readonly number[]): Promise<Map<number, Clearance>> {
  const units = (await db(m.table('org_units')).select(m.select('org_units', ['id', 'parent_id']))) as { id: number; parent_id: number | null }[];
  const grants: Record<string, unknown>[] = [];
  for (let i = 0; i < adminIds.length; i += 1000) {
    grants.push(
      ...((await db(m.table('clearances'))
        .select(m.select('clearances', ['admin_id', 'org_unit_id', 'include_subunits', 'can_view', 'can_edit', 'can_delete']))
        .whereIn(m.col('clearances', 'admin_id'), adminIds.slice(i, i + 1000))) as Record<string, unknown>[]),
    );
  }
  const children = new Map<number, number[]>();
  for (const u of units) {
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
  const allUnits = units.map((u) => Number(u.id));
  const byAdmin = new Map<number, Record<Right, Set<number>>>(adminIds.map((id) => [id, { view: new Set(), edit: new Set(), delete: new Set() }]));
  for (const g of grants) {
    const rights = byAdmin.get(Number(g.admin_id));
    if (!rights) continue;
    const scope = g.include_subunits ? subtree(Number(g.org_unit_id)) : [Number(g.org_unit_id)];
    for (const [right, col] of [['view', 'can_view'], ['edit', 'can_edit'], ['delete', 'can_delete']] as const) {
      if (g[col]) scope.forEach((u) => rights[right].add(u));
    }
  }
  const out = new Map<number, Clearance>();
  for (const [id, rights] of byAdmin) {
    // Editing or deleting a user implies seeing them.
    rights.edit.forEach((u) => rights.view.add(u));
    rights.delete.forEach((u) => rights.view.add(u));
    out.set(id, new Clearance(rights, allUnits));
  }
  return out;
}
