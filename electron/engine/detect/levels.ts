/**
 * The comparisons of the Fellegi–Sunter model and their levels. Each comparison of two
 * accounts ends in exactly one level per field; level 0 is always "missing" (or "no such
 * situation") and weighs nothing. Every other level carries a weight log2(m/u): m the
 * probability of the level among true duplicates, u among other pairs.
 *
 * The defaults (m, u) below are the shipped starting point and the prior the estimation
 * is pulled towards (see estimate.ts): on a small LMS they are what is used, on a large
 * one the LMS's own data decides.
 *
 * How a level's u is known:
 *  - 'tf'      exact agreement on a value: u is the frequency of that value (term
 *              frequency, computed per pair); only m is estimated.
 *  - 'random'  from random pairs of the scanned users.
 *  - 'em'      conditional and domain levels (their meaning depends on other fields, so
 *              random pairs say nothing): u among the candidate pairs, by EM.
 *  - 'labels'  domain rules the unlabelled data cannot judge (namesakes that HR keeps
 *              apart look like duplicates in every other field): m and u from the admins'
 *              review decisions, the default until there are some.
 *  - 'fixed'   a correction for fields that are not independent: keeps its default weight.
 */

export type USource = 'tf' | 'random' | 'em' | 'labels' | 'fixed';

export interface LevelSpec {
  level: string;
  m: number;
  u: number;
  uFrom: USource;
}

export interface FieldSpec {
  field: string;
  /** Level 0 is not "missing" but "not this situation": m and u are shares of all pairs. */
  situation?: boolean;
  /**
   * The candidate pairs are chosen by this field (blocking on names and birth dates): EM
   * over them cannot tell its m (Splink estimates no m for the fields of the blocking rule
   * either), so m keeps its default; u is still estimated.
   */
  blocked?: boolean;
  /** Level 0 is "missing" and weighs 0; listed here from level 1. */
  levels: LevelSpec[];
}

const lv = (level: string, m: number, u: number, uFrom: USource): LevelSpec => ({ level, m, u, uFrom });

export const FIELDS: FieldSpec[] = [
  {
    field: 'first_name',
    blocked: true,
    levels: [
      lv('exact', 0.86, 0.004, 'tf'),
      lv('transliteration', 0.06, 0.004, 'tf'),
      lv('initials', 0.03, 0.002, 'random'),
      lv('typo', 0.05, 0.004, 'random'),
      lv('phonetic', 0.02, 0.015, 'random'),
      lv('different', 0.02, 0.98, 'random'),
    ],
  },
  {
    field: 'last_name',
    blocked: true,
    levels: [
      lv('exact', 0.76, 0.0015, 'tf'),
      lv('transliteration', 0.05, 0.0015, 'tf'),
      lv('initials', 0.03, 0.0005, 'random'),
      lv('typo', 0.04, 0.004, 'random'),
      lv('phonetic', 0.02, 0.015, 'random'),
      // A different surname is what a name change looks like: weaker evidence against.
      lv('different', 0.15, 0.99, 'random'),
    ],
  },
  // Swapped first and last name: the name levels above are then taken crosswise.
  { field: 'name_order', situation: true, levels: [lv('swapped', 0.5, 1, 'fixed')] },
  {
    field: 'birth_date',
    blocked: true,
    levels: [lv('exact', 0.92, 1 / 15_000, 'tf'), lv('near', 0.04, 0.0015, 'random'), lv('different', 0.015, 0.998, 'random')],
  },
  {
    field: 'email',
    levels: [
      lv('exact', 0.35, 0.00005, 'random'),
      // Families share one address: with different first names it says little.
      lv('exact_other_first_name', 8, 1, 'fixed'),
      // Local parts are made from names: how often namesakes share one is learned among
      // the candidates (which share a name), not from random pairs.
      lv('local_part', 0.16, 0.01, 'em'),
      lv('local_part_letters', 0.08, 0.02, 'em'),
      // A local part made from the name says nothing more once both names agree.
      lv('local_part_from_name', 1, 1, 'fixed'),
      lv('different', 0.5, 0.999, 'em'),
      // Addresses are made from names: after a name change they differ anyway.
      lv('different_after_name_change', 1, 1, 'fixed'),
    ],
  },
  {
    field: 'employee_id',
    levels: [
      lv('exact', 0.5, 0.5 / 8192, 'random'),
      lv('one_digit', 0.04, 0.0005, 'random'),
      lv('different', 0.8, 0.999, 'random'),
      // One account typed by hand: its ID was copied from HR, right or one digit off, so a
      // wholly different one speaks against (a new HR record gets a new ID, a hand-made
      // account does not). Namesakes look like duplicates in every other field, so EM
      // cannot judge it: review decisions do.
      lv('different_by_hand', 0.03, 1, 'labels'),
    ],
  },
  {
    field: 'phone',
    levels: [lv('exact', 0.5, 0.5 / 1024, 'random'), lv('one_digit', 0.1, 0.1 / 32, 'random'), lv('different', 0.7, 0.7 * 2 ** 0.5, 'random')],
  },
  {
    // Where the accounts sit: a person with several positions, or one who returns, mostly
    // stays in the same part of the organisation; namesakes are spread anywhere.
    field: 'org_unit',
    levels: [lv('same_unit', 0.3, 0.02, 'random'), lv('same_branch', 0.5, 0.3, 'random'), lv('other_branch', 0.2, 0.5, 'random')],
  },
  {
    // Domain knowledge the data alone cannot give: two active interface accounts are two
    // current HR records; namesakes that HR keeps apart in one unit are two people.
    field: 'hr_records',
    situation: true,
    levels: [
      lv('two_current_same_unit_ids_differ', 0.001, 0.256, 'labels'),
      lv('two_current_same_unit', 0.01, 0.16, 'labels'),
      lv('two_current_far_apart', 0.02, 0.16, 'labels'),
    ],
  },
  // User attributes (address, department, cost centre …): the most filled ones, each
  // weighed by what this LMS shows (a shared department is weak, a shared street strong).
  ...Array.from({ length: 6 }, (_, i) => ({
    field: `attribute_${i + 1}`,
    // Agreement within one org unit is its own level: department or location often follow
    // the unit, and then agreeing there says nothing the org unit has not said already.
    levels: [lv('exact', 0.4, 0.03, 'random'), lv('exact_same_unit', 0.2, 0.02, 'random'), lv('typo', 0.05, 0.01, 'random'), lv('different', 0.35, 0.94, 'random')],
  })),
  {
    // How the accounts were made and whether they are in use: m by EM (how often duplicates
    // arise this way is the LMS's own), u from random pairs where the level is the accounts'
    // alone. Not among the candidates: they are chosen by name and birth date, and accounts
    // without a birth date (self-registered) meet every namesake there.
    field: 'origin',
    situation: true,
    levels: [
      // A hand-made account shortly (≤ 120 days) before the interface account: its timing
      // goes with the interface account's, so u among the candidates.
      lv('manual_before_interface', 0.16, 0.01, 'em'),
      // One account self-registered, the other not.
      lv('self_registered', 0.1, 0.02, 'random'),
      // Two interface accounts, one in use and one not: someone who left and came back.
      lv('active_and_inactive', 0.15, 0.05, 'random'),
    ],
  },
];

/** Offsets of each field's levels in a flat weight table (level 0 included). */
export const FIELD_OFFSET: number[] = [];
let offset = 0;
for (const f of FIELDS) {
  FIELD_OFFSET.push(offset);
  offset += f.levels.length + 1;
}
export const LEVEL_COUNT = offset;
export const FIELD_COUNT = FIELDS.length;

export const F = Object.fromEntries(FIELDS.map((f, i) => [f.field, i])) as Record<string, number>;

/** Level number (1-based) of a level name in a field. */
export function levelOf(field: string, level: string): number {
  const i = FIELDS[F[field]!]!.levels.findIndex((l) => l.level === level);
  if (i < 0) throw new Error(`unknown level ${field}.${level}`);
  return i + 1;
}

/** Attribute slots: the scan assigns the most filled attribute names to them. */
export const ATTRIBUTE_SLOTS = 6;

/** Bits per field in a pattern code (levels are < 8). */
export const BITS = 3;

/** The default weight table, log2(m/u) per level. */
export function defaultWeights(): Float64Array {
  const w = new Float64Array(LEVEL_COUNT);
  FIELDS.forEach((f, fi) => f.levels.forEach((l, li) => (w[FIELD_OFFSET[fi]! + li + 1] = Math.log2(l.m / l.u))));
  return w;
}

export interface Evidence {
  field: string;
  level: string;
  /** log2(m/u) in bits, frequency adjustment included. */
  weight: number;
}
