import bcrypt from 'bcryptjs';
import type { Rng } from './rng';

/** The fixed "now" of every demo database. */
export const DEMO_NOW = Date.UTC(2026, 5, 30, 12, 0, 0);
export const DAY = 86_400_000;
export const YEAR = 365 * DAY;
const BCRYPT_COST = 8;

export const pad2 = (n: number) => String(n).padStart(2, '0');

export function ymd(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** A date-time at whole seconds. */
export function at(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

export function between(rng: Rng, from: number, to: number): number {
  return to <= from ? from : from + Math.floor(rng.next() * (to - from));
}

/** A deterministic bcrypt hash: the salt comes from the seeded generator. */
export function bcryptHash(rng: Rng, password: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < 16; i++) bytes.push(rng.int(0, 255));
  const salt = `$2b$${pad2(BCRYPT_COST)}$${bcrypt.encodeBase64(bytes, 16)}`;
  return bcrypt.hashSync(password, salt);
}

/** The uid admins see: sortable, so uid order is creation order. */
export function uidOf(id: number): string {
  return `U${String(id).padStart(7, '0')}`;
}
