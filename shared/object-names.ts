/**
 * Display names of the objects a merge plan talks about ("FS-101 Fire safety basics" for course 46),
 * keyed by object type and id. The main process resolves them (electron/read-models/object-names.ts);
 * screens, logfiles and History look them up here. Ids stay the source of truth: a missing name means
 * the object no longer exists (or has no name), and the reader falls back to the id.
 */
export type ObjectNames = Record<string, string>;

export function objectNameKey(objectType: string, objectId: unknown): string {
  return `${objectType}:${String(objectId)}`;
}

/** The name of one object, or undefined when none was resolved. */
export function objectNameOf(names: ObjectNames | undefined, objectType: string, objectId: unknown): string | undefined {
  return names?.[objectNameKey(objectType, objectId)];
}
