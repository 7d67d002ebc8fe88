/**
 * Values as the dialects hand them back: booleans as true/false, 1/0, '1'/'0' or 't'
 * (SQLite, SQL Server, PostgreSQL), times as Date, epoch number or text.
 */

export function storedBool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't' || v === 'true';
}

/** A stored time as ISO text; null when absent or unreadable. */
export function storedIso(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : typeof v === 'number' || /^\d+$/.test(String(v)) ? new Date(Number(v)) : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
