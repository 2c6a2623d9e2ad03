/** Shapes shared by workflows, activities and storage (types only). */

/** Which units to start: a list, or everything under (and including) a root. */
export type StartTarget = { unitIds: string[] } | { subtreeRootId: string };

/** One unit's campaign as the dashboard read model keeps it. */
export interface UnitStateSnapshot {
  campaignId: string;
  unitId: string;
  phaseId: string | null;
  status: string;
  tasks: Array<{ taskId: string; status: string; dueDate: string | null; overdue: boolean; rung?: string | null; light?: string }>;
  overdueCount: number;
  /** Highest current rung and the traffic light (亮燈); absent before the ladder existed. */
  rung?: string | null;
  light?: string;
  /** Grows with every change, so a late retry of an older snapshot is ignored. */
  version: number;
}
