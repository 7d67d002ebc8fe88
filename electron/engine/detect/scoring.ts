/**
 * Pair scoring: a Fellegi-Sunter style sum of agreement weights (log2 likelihood ratios
 * m/u per field), frequency-adjusted for names and birth dates (a shared rare surname
 * says more than a shared "Müller"), evidence against included, turned into a 0..1
 * match probability with a prior that grows with the size of the database.
 *
 * Missing fields count as missing (weight 0), never as disagreement.
 */
import type { DetectedCause } from '@shared/causes';
import type { NameField, Reason } from '@shared/detect-reasons';
import { reasonText } from './reasons';
import { UNKNOWN_ORG_UNIT, type UserRecord } from './records';
import { birthDatesNear, digitsNear, spellingVariant } from './normalise';
import { compareNames, digitsApart, fairName, goodName, idsNear, NameComparisons, oneDigitRate, oneTypo, type NameComparison, type NameLevel } from './compare-fields';

export { compareNames, digitsApart, oneDigitRate, oneTypo, type NameComparison, type NameLevel };
import { ATTRIBUTE_SLOTS, BITS, defaultWeights, F, FIELD_COUNT, FIELD_OFFSET, FIELDS, type Evidence } from './levels';
import { attributeSlotWeights, type AttributeGroups } from './attribute-groups';

/** Frequencies over the scanned users. */
export class FieldStats {
  readonly first = new Map<string, number>();
  readonly last = new Map<string, number>();
  readonly dob = new Map<number, number>();
  readonly org = new Map<number, number>();
  readonly branch = new Map<number, number>();
  /** Employee IDs present (for how often two IDs are one typed digit apart by chance). */
  readonly employeeIds = new Set<string>();
  n = 0;
  /** The user attribute names in the records' attribute slots (see attributes.ts). */
  attributeNames: string[] = [];
  /** Probability that two random users with employee IDs have IDs one digit apart (sequential numbering makes it common). */
  idOneDigitProbability = 0;
  /** Probability that two random users share an org unit. */
  sameOrgProbability = 0;
  /** Probability that two random users share a branch of the organisation (same unit included). */
  sameBranchProbability = 0;

  add(r: UserRecord): void {
    this.n++;
    if (r.first) this.first.set(r.first, (this.first.get(r.first) ?? 0) + 1);
    if (r.last) {
      this.last.set(r.last, (this.last.get(r.last) ?? 0) + 1);
      const v = r.lastVariant;
      if (v !== r.last) this.last.set(v, (this.last.get(v) ?? 0) + 1);
    }
    if (r.dob) this.dob.set(r.dob, (this.dob.get(r.dob) ?? 0) + 1);
    this.org.set(r.orgUnitId, (this.org.get(r.orgUnitId) ?? 0) + 1);
    this.branch.set(r.branchId, (this.branch.get(r.branchId) ?? 0) + 1);
    if (r.employeeId) this.employeeIds.add(r.employeeId);
  }

  finish(): void {
    const n = Math.max(1, this.n);
    let s = 0;
    for (const c of this.org.values()) s += (c / n) ** 2;
    this.sameOrgProbability = s;
    let b = 0;
    for (const c of this.branch.values()) b += (c / n) ** 2;
    this.sameBranchProbability = Math.max(b, s);
    this.idOneDigitProbability = oneDigitRate(this.employeeIds);
  }
}

export { spellingVariant };

const log2 = Math.log2;

/** Tuning of the model; the defaults are the shipped model. */
export interface ScoringModel {
  /** Share of users that have a duplicate: the prior. */
  duplicateRate: number;
  /** Databases smaller than this are scored as if they had this many users. */
  minEffectiveUsers: number;
  /** Pseudo-users for smoothing name and date frequencies towards typical values. */
  smoothing: number;
  typicalFirstNameFrequency: number;
  typicalLastNameFrequency: number;
  typicalBirthDateFrequency: number;
}

export const DEFAULT_MODEL: ScoringModel = {
  duplicateRate: 0.01,
  minEffectiveUsers: 20_000,
  smoothing: 2_000,
  typicalFirstNameFrequency: 0.004,
  typicalLastNameFrequency: 0.0015,
  typicalBirthDateFrequency: 1 / 15_000,
};

/** The default --min-score: a match probability of one half. */
export const DEFAULT_MIN_SCORE = 0.5;

/** What the scorer found about a pair, enough to name the likely cause. */
export interface PairFeatures {
  first: NameComparison;
  last: NameComparison;
  swapped: boolean;
  dob: 'equal' | 'near' | 'differ' | 'missing';
  email: 'equal' | 'local' | 'letters' | 'differ' | 'missing';
  employeeId: 'equal' | 'near' | 'differ' | 'missing';
  phone: 'equal' | 'near' | 'differ' | 'missing';
  sameOrgUnit: boolean;
  /** Both active interface accounts with different employee IDs in the same org unit. */
  hrConflict: boolean;
}

export interface PairScore {
  weight: number;
  score: number;
  features: PairFeatures;
  reasons?: string[];
  /** With explain: the same reasons as data (key and parameters), for words in the admin's language. */
  reasonKeys?: Reason[];
  /** With explain: the weight of every field that was present (bits). */
  evidence?: Evidence[];
}

const NAME_LEVEL: Record<NameLevel, number> = { missing: 0, exact: 1, variant: 2, partial: 3, high: 4, medium: 5, differ: 6 };

/**
 * The learned part of the model: a weight per level (see levels.ts) and the prior. For
 * 'tf' levels the table holds log2(m); the pair's value frequency is subtracted per pair.
 */
export interface ModelParams {
  weights: Float64Array;
  /** log2 of the prior odds that two random accounts are one person. */
  priorLog2: number;
  /** Attributes that change together, counted as one disagreement (see attribute-groups.ts); none by default. */
  attributeGroups?: AttributeGroups;
}

/** The parameters before anything is learned: the defaults of levels.ts and a 1 % duplicate rate. */
export function defaultParams(stats: FieldStats, model: ScoringModel = DEFAULT_MODEL): ModelParams {
  const weights = defaultWeights();
  FIELDS.forEach((f, fi) =>
    f.levels.forEach((l, li) => {
      if (l.uFrom === 'tf') weights[FIELD_OFFSET[fi]! + li + 1] = log2(l.m);
    }),
  );
  // Where the accounts sit: u from the org tree of this LMS (as in the first model).
  const uUnit = Math.max(stats.sameOrgProbability, 0.002);
  const uBranch = Math.max(stats.sameBranchProbability - stats.sameOrgProbability, 0);
  const o = FIELD_OFFSET[F.org_unit!]!;
  weights[o + 1] = Math.min(5, log2(0.3 / uUnit));
  if (uBranch < 0.01) {
    weights[o + 2] = 0;
    weights[o + 3] = Math.max(-1, log2(0.7 / Math.max(0.7, 1 - uUnit)));
  } else {
    weights[o + 2] = Math.max(-1, Math.min(2, log2(0.5 / uBranch)));
    weights[o + 3] = Math.max(-2.5, Math.min(0, log2(0.2 / Math.max(0.2, 1 - stats.sameBranchProbability))));
  }
  // Employee IDs one digit apart: by chance as often as this LMS numbers them.
  const e = FIELD_OFFSET[F.employee_id!]!;
  weights[e + 2] = log2(0.04 / Math.max(stats.idOneDigitProbability, 1e-7));
  const n = Math.max(stats.n, model.minEffectiveUsers);
  return { weights, priorLog2: log2((2 * model.duplicateRate) / (n - 1)) };
}

const L_FIRST = F.first_name!;
const L_LAST = F.last_name!;
const L_ORDER = F.name_order!;
const L_DOB = F.birth_date!;
const L_EMAIL = F.email!;
const L_EMP = F.employee_id!;
const L_PHONE = F.phone!;
const L_ORG = F.org_unit!;
const L_HR = F.hr_records!;
const L_ORIGIN = F.origin!;
const L_ATTR = F.attribute_1!;

export class Scorer {
  readonly params: ModelParams;
  /** Levels of the last evaluated pair, one per field (0 = missing). */
  readonly levels = new Uint8Array(FIELD_COUNT);
  /** The frequency part of the last evaluated pair's weight, per field (bits). */
  private readonly tf = new Float64Array(FIELD_COUNT);
  /** The organisation has branches (a tree that splits the users). */
  readonly hasBranches: boolean;
  private readonly idNearUsable: boolean;

  constructor(
    private readonly stats: FieldStats,
    private readonly model: ScoringModel = DEFAULT_MODEL,
    params?: ModelParams,
    /** Name comparisons already made (shared by the scorers of one scan). */
    private readonly names = new NameComparisons(),
  ) {
    this.params = params ?? defaultParams(stats, model);
    this.hasBranches = stats.sameBranchProbability - stats.sameOrgProbability >= 0.01;
    // Where IDs are numbered in sequence, one digit apart is no evidence of a typing error.
    const e = FIELD_OFFSET[F.employee_id!]!;
    this.idNearUsable = this.params.weights[e + 2]! > this.params.weights[e + 3]! + 2;
  }

  /** The same comparisons with other parameters (the learned ones). */
  withParams(params: ModelParams): Scorer {
    return new Scorer(this.stats, this.model, params, this.names);
  }

  private freq(count: number, n: number, typical: number): number {
    const s = this.model.smoothing;
    return Math.min(0.5, (count + s * typical) / (n + s));
  }

  /** Frequency of a shared name (for spelling variants: of the common spelling). */
  private nameFreq(map: Map<string, number>, a: string, b: string, typical: number): number {
    const ca = map.get(a) ?? 1;
    const cb = map.get(b) ?? 1;
    return this.freq(Math.max(ca, cb), this.stats.n, typical);
  }

  /** Scores a pair; with `explain`, also the reasons in plain words and the evidence per field. */
  score(a: UserRecord, b: UserRecord, explain = false): PairScore {
    const reasons: Reason[] | undefined = explain ? [] : undefined;
    const out: { features?: PairFeatures } = {};
    this.evaluate(a, b, reasons, out);
    const w = this.weightOfLevels();
    const score = this.scoreOf(w);
    return reasons ? { weight: w, score, features: out.features!, reasons: reasons.map(reasonText), reasonKeys: reasons, evidence: this.evidence() } : { weight: w, score, features: out.features! };
  }

  /** The weight alone (the scan's hot path: nothing allocated for reasons). */
  weight(a: UserRecord, b: UserRecord): number {
    this.evaluate(a, b, undefined, undefined);
    return this.weightOfLevels();
  }

  /** The weight of the last compared pair (after compare). */
  lastWeight(): number {
    return this.weightOfLevels();
  }

  /** Compares a pair and leaves its levels in `levels`; returns the frequency part of the weight. */
  compare(a: UserRecord, b: UserRecord): number {
    this.evaluate(a, b, undefined, undefined);
    let t = 0;
    for (let f = 0; f < FIELD_COUNT; f++) t += this.tf[f]!;
    return t;
  }

  /**
   * Compares a pair and writes each field's weight into `out` (bits: frequency part and
   * attribute groups included, 0 where missing); the levels are left in `levels`.
   */
  fieldWeights(a: UserRecord, b: UserRecord, out: Float64Array): void {
    this.evaluate(a, b, undefined, undefined);
    const groups = this.params.attributeGroups;
    if (groups) attributeSlotWeights(this.levels, this.params.weights, groups, this.slotWeights);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const l = this.levels[f]!;
      const slot = f - L_ATTR;
      out[f] = !l ? 0 : (groups && slot >= 0 && slot < ATTRIBUTE_SLOTS ? this.slotWeights[slot]! : this.params.weights[FIELD_OFFSET[f]! + l]!) + this.tf[f]!;
    }
  }

  /** The pattern code of `levels` (BITS bits per field). */
  patternCode(): number {
    let code = 0;
    for (let f = FIELD_COUNT - 1; f >= 0; f--) code = code * (1 << BITS) + this.levels[f]!;
    return code;
  }

  private weightOfLevels(): number {
    let sum = this.patternWeight(this.levels);
    for (let f = 0; f < FIELD_COUNT; f++) sum += this.tf[f]!;
    return sum;
  }

  /** Weight of a pattern code plus a frequency part (see compare, patternCode). */
  weightOfCode(code: number, tf: number): number {
    const l = this.scratch;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const x = code % (1 << BITS);
      code = (code - x) / (1 << BITS);
      l[f] = x;
    }
    return tf + this.patternWeight(l);
  }

  /** The weight of one level per field (frequency parts not included). */
  private patternWeight(levels: Uint8Array): number {
    const w = this.params.weights;
    let sum = 0;
    const groups = this.params.attributeGroups;
    for (let f = 0; f < FIELD_COUNT; f++) {
      if (groups && f >= L_ATTR && f < L_ATTR + ATTRIBUTE_SLOTS) continue;
      const l = levels[f]!;
      if (l) sum += w[FIELD_OFFSET[f]! + l]!;
    }
    if (groups) {
      attributeSlotWeights(levels, w, groups, this.slotWeights);
      for (let s = 0; s < ATTRIBUTE_SLOTS; s++) sum += this.slotWeights[s]!;
    }
    return sum;
  }
  private readonly scratch = new Uint8Array(FIELD_COUNT);
  private readonly slotWeights = new Float64Array(ATTRIBUTE_SLOTS);

  /** The evidence of the last evaluated pair: every field that was present. */
  private evidence(): Evidence[] {
    const out: Evidence[] = [];
    const groups = this.params.attributeGroups;
    if (groups) attributeSlotWeights(this.levels, this.params.weights, groups, this.slotWeights);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const l = this.levels[f]!;
      if (!l) continue;
      const spec = FIELDS[f]!;
      const attr = f >= L_ATTR && f < L_ATTR + ATTRIBUTE_SLOTS ? this.stats.attributeNames[f - L_ATTR] : undefined;
      const own = groups && f >= L_ATTR && f < L_ATTR + ATTRIBUTE_SLOTS ? this.slotWeights[f - L_ATTR]! : this.params.weights[FIELD_OFFSET[f]! + l]!;
      out.push({ field: attr !== undefined ? `attribute:${attr}` : spec.field, level: spec.levels[l - 1]!.level, weight: Math.round((own + this.tf[f]!) * 100) / 100 });
    }
    return out;
  }

  scoreOf(weight: number): number {
    return 1 / (1 + 2 ** -(weight + this.params.priorLog2));
  }

  private evaluate(a: UserRecord, b: UserRecord, reasons: Reason[] | undefined, out: { features?: PairFeatures } | undefined): void {
    const st = this.stats;
    const md = this.model;
    const lv = this.levels;
    const tf = this.tf;
    lv.fill(0);
    tf.fill(0);

    // Names, straight and swapped.
    let first = this.names.compare(a.first, a.firstTokens, b.first, b.firstTokens, a.firstVariant, b.firstVariant);
    let last = this.names.compare(a.last, a.lastTokens, b.last, b.lastTokens, a.lastVariant, b.lastVariant);
    let swapped = false;
    if ((first.level === 'differ' || first.level === 'medium') && (last.level === 'differ' || last.level === 'medium')) {
      // Swapped when one side agrees well and the other at least fairly: the second only
      // where the first agrees fairly (for most pairs it does not, one comparison saved).
      const f2 = this.names.compare(a.first, a.firstTokens, b.last, b.lastTokens, a.firstVariant, b.lastVariant);
      const l2 = fairName(f2) ? this.names.compare(a.last, a.lastTokens, b.first, b.firstTokens, a.lastVariant, b.firstVariant) : undefined;
      if (l2 && ((goodName(f2) && fairName(l2)) || goodName(l2))) {
        first = f2;
        last = l2;
        swapped = true;
      }
    }
    const firstFreq =
      first.level === 'exact' || first.level === 'variant'
        ? swapped
          ? this.freq(Math.max(st.first.get(a.first) ?? 1, st.last.get(a.first) ?? 1), st.n, md.typicalFirstNameFrequency)
          : this.nameFreq(st.first, a.first, b.first, md.typicalFirstNameFrequency)
        : 1;
    const lastFreq =
      last.level === 'exact' || last.level === 'variant'
        ? swapped
          ? this.freq(Math.max(st.last.get(a.last) ?? 1, st.first.get(a.last) ?? 1), st.n, md.typicalLastNameFrequency)
          : last.level === 'variant'
            ? this.nameFreq(st.last, a.lastVariant, b.lastVariant, md.typicalLastNameFrequency)
            : this.nameFreq(st.last, a.last, b.last, md.typicalLastNameFrequency)
        : 1;
    lv[L_FIRST] = NAME_LEVEL[first.level];
    lv[L_LAST] = NAME_LEVEL[last.level];
    if (lv[L_FIRST] === 1 || lv[L_FIRST] === 2) tf[L_FIRST] = -log2(firstFreq);
    if (lv[L_LAST] === 1 || lv[L_LAST] === 2) tf[L_LAST] = -log2(lastFreq);
    if (swapped) lv[L_ORDER] = 1;
    if (reasons) {
      if (swapped) reasons.push({ key: 'names_swapped' });
      reasons.push(nameReason('first', first, firstFreq));
      reasons.push(nameReason('last', last, lastFreq));
    }

    // Birth date.
    let dob: PairFeatures['dob'] = 'missing';
    if (a.dob && b.dob) {
      if (a.dob === b.dob) {
        dob = 'equal';
        lv[L_DOB] = 1;
        tf[L_DOB] = -log2(this.freq(st.dob.get(a.dob) ?? 1, st.n, md.typicalBirthDateFrequency));
        reasons?.push({ key: 'dob_same' });
      } else if (birthDatesNear(a.dob, b.dob)) {
        dob = 'near';
        lv[L_DOB] = 2;
        reasons?.push({ key: 'dob_near', a: isoDate(a.dob), b: isoDate(b.dob) });
      } else {
        dob = 'differ';
        lv[L_DOB] = 3;
        reasons?.push({ key: 'dob_differ', a: isoDate(a.dob), b: isoDate(b.dob) });
      }
    } else if (reasons) {
      reasons.push({ key: a.dob || b.dob ? 'dob_missing_either' : 'dob_missing_both' });
    }

    // E-mail (logins count as local parts: self-registration often uses the address as login).
    let email: PairFeatures['email'] = 'missing';
    const lastDiffers = last.level === 'differ' || last.level === 'partial';
    // Identifiers by the integers in the records first (see UserRecord.emailHash): most pairs differ.
    if (a.emailHash !== 0 && a.emailHash === b.emailHash && a.email === b.email) {
      email = 'equal';
      if (first.level === 'differ') {
        lv[L_EMAIL] = 2;
        reasons?.push({ key: 'email_same_first_differs' });
      } else {
        lv[L_EMAIL] = 1;
        reasons?.push({ key: 'email_same' });
      }
    } else {
      const aLocal = a.localHash;
      const bLocal = b.localHash;
      const localEqual =
        (aLocal !== 0 && ((aLocal === bLocal && a.emailLocalKey === b.emailLocalKey) || (aLocal === b.loginKeyHash && a.emailLocalKey === b.loginKey))) ||
        (bLocal !== 0 && bLocal === a.loginKeyHash && b.emailLocalKey === a.loginKey);
      const aLetters = a.lettersHash;
      const bLetters = b.lettersHash;
      const lettersEqual =
        (aLetters !== 0 && ((aLetters === bLetters && a.emailLetters === b.emailLetters) || (aLetters === b.loginLettersHash && a.emailLetters === b.loginLetters))) ||
        (bLetters !== 0 && bLetters === a.loginLettersHash && b.emailLetters === a.loginLetters);
      const namesAgree = first.level === 'exact' && last.level === 'exact' && !swapped;
      if (localEqual && !namesAgree) {
        email = 'local';
        lv[L_EMAIL] = 3;
        reasons?.push({ key: a.emailLocalKey !== null && a.emailLocalKey === b.emailLocalKey ? 'email_local_equal' : 'login_is_local_part' });
      } else if (lettersEqual && !namesAgree) {
        email = 'letters';
        lv[L_EMAIL] = 4;
        reasons?.push({ key: 'email_letters_alike' });
      } else if (localEqual || lettersEqual) {
        email = localEqual ? 'local' : 'letters';
        lv[L_EMAIL] = 5;
        reasons?.push({ key: localEqual ? 'email_local_equal' : 'email_letters_alike' });
      } else if (a.emailHash !== 0 && b.emailHash !== 0) {
        email = 'differ';
        lv[L_EMAIL] = lastDiffers ? 7 : 6;
        reasons?.push({ key: 'email_differ' });
      }
    }

    // Employee ID.
    let employeeId: PairFeatures['employeeId'] = 'missing';
    let hrConflict = false;
    const sameOrgUnit = a.orgUnitId === b.orgUnitId;
    if (a.employeeLen !== 0 && b.employeeLen !== 0) {
      if (a.employeeHash === b.employeeHash && a.employeeId === b.employeeId) {
        employeeId = 'equal';
        lv[L_EMP] = 1;
        reasons?.push({ key: 'employee_id_same' });
      } else if (this.idNearUsable && a.employeeLen === b.employeeLen && idsNear(a, b)) {
        employeeId = 'near';
        lv[L_EMP] = 2;
        reasons?.push({ key: 'employee_id_near' });
      } else {
        employeeId = 'differ';
        lv[L_EMP] = (a.origin === 'manual') !== (b.origin === 'manual') ? 4 : 3;
        reasons?.push({ key: 'employee_id_differ' });
      }
    }
    // Two active interface accounts are two current HR records (with different IDs, or none
    // at all when the interface fills no IDs). With different surnames it is rather a name
    // change; with IDs one typed digit apart rather one record.
    const twoCurrentHrRecords =
      employeeId !== 'equal' &&
      employeeId !== 'near' &&
      !lastDiffers &&
      a.origin === 'interface' &&
      b.origin === 'interface' &&
      a.status === 'active' &&
      b.status === 'active';
    if (twoCurrentHrRecords && sameOrgUnit) {
      hrConflict = true;
      lv[L_HR] = employeeId === 'differ' ? 1 : 2;
      reasons?.push({ key: employeeId === 'differ' ? 'hr_two_people_ids' : 'hr_two_people' });
    }

    // Phone.
    let phone: PairFeatures['phone'] = 'missing';
    if (a.phoneLen !== 0 && b.phoneLen !== 0) {
      // Digits only, at most nine: value and length are the digits.
      if (a.phoneNum === b.phoneNum && a.phoneLen === b.phoneLen) {
        phone = 'equal';
        lv[L_PHONE] = 1;
        reasons?.push({ key: 'phone_same' });
      } else if (a.phoneLen === b.phoneLen && a.phoneLen >= 6 && digitsNear(a.phoneNum, b.phoneNum)) {
        phone = 'near';
        lv[L_PHONE] = 2;
        reasons?.push({ key: 'phone_near' });
      } else {
        phone = 'differ';
        lv[L_PHONE] = 3;
      }
    }

    // A hand-made account shortly before the interface account: made before the start date.
    const aFirst = a.origin === 'manual' && b.origin === 'interface';
    const manual = aFirst ? a : b.origin === 'manual' && a.origin === 'interface' ? b : null;
    const iface = manual === null ? null : aFirst ? b : a;
    if (manual && iface && manual.createdAt !== null && iface.createdAt !== null) {
      const days = (iface.createdAt - manual.createdAt) / 86_400_000;
      if (days >= 0 && days <= 120) {
        lv[L_ORIGIN] = 1;
        reasons?.push({ key: 'manual_before_interface', days: Math.round(days) });
      }
    } else if ((a.origin === 'self_registration') !== (b.origin === 'self_registration')) {
      lv[L_ORIGIN] = 2;
      reasons?.push({ key: 'one_self_registered' });
    } else if (a.origin === 'interface' && b.origin === 'interface' && (a.status === 'active') !== (b.status === 'active')) {
      lv[L_ORIGIN] = 3;
      reasons?.push({ key: 'interface_active_inactive' });
    }

    // Org unit: a self-registered account lands in a default unit, which says nothing;
    // a person typed into the lookup has none yet.
    if (a.origin === 'self_registration' || b.origin === 'self_registration' || a.orgUnitId === UNKNOWN_ORG_UNIT || b.orgUnitId === UNKNOWN_ORG_UNIT) {
      // missing
    } else if (sameOrgUnit) {
      lv[L_ORG] = 1;
      reasons?.push({ key: 'org_same' });
    } else if (a.branchId === b.branchId && a.branchId !== a.orgUnitId) {
      lv[L_ORG] = 2;
      reasons?.push({ key: 'org_same_branch' });
    } else {
      lv[L_ORG] = 3;
      if (twoCurrentHrRecords && this.hasBranches) {
        // HR keeps two current records under different IDs far apart in the organisation:
        // one person's several positions are mostly close together, namesakes are not.
        lv[L_HR] = 3;
        reasons?.push({ key: 'hr_far_apart' });
      } else if (this.params.weights[FIELD_OFFSET[L_ORG]! + 3]! < -1) {
        reasons?.push({ key: 'org_far_apart' });
      }
    }

    // User attributes: equal, one typing error apart (or nearly so), or different.
    const names = st.attributeNames;
    for (let k = 0; k < names.length; k++) {
      const x = a.attrs[k];
      const y = b.attrs[k];
      if (!x || !y) continue;
      lv[L_ATTR + k] = x === y ? (sameOrgUnit ? 2 : 1) : oneTypo(x, y) ? 3 : 4;
    }
    if (reasons) {
      const same = names.filter((_, k) => lv[L_ATTR + k] === 1 || lv[L_ATTR + k] === 2);
      if (same.length) reasons.push({ key: 'attributes_same', names: same.join(', ') });
    }

    if (out) out.features = { first, last, swapped, dob, email, employeeId, phone, sameOrgUnit, hrConflict };
  }

  /** The lowest weight that reaches a score: for cheap pre-filtering. */
  weightFor(score: number): number {
    return log2(score / (1 - score)) - this.params.priorLog2;
  }
}

export function isoDate(yyyymmdd: number): string {
  const s = String(yyyymmdd);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/** Rounded as the English sentence shows it (toFixed), so every language shows the same digits. */
export const hundredths = (x: number) => Number(x.toFixed(2));

function nameReason(field: NameField, c: NameComparison, freq: number): Reason {
  switch (c.level) {
    case 'exact':
      return { key: freq < 0.0005 ? 'name_exact_rare' : freq > 0.01 ? 'name_exact_common' : 'name_exact', field };
    case 'variant':
      return { key: 'name_variant', field, similarity: hundredths(c.similarity) };
    case 'partial':
      return { key: 'name_partial', field };
    case 'high':
    case 'medium':
      return { key: 'name_similar', field, similarity: hundredths(c.similarity) };
    case 'differ':
      return field === 'last' ? { key: 'last_name_differs' } : { key: 'name_differs', field };
    case 'missing':
      return { key: 'name_missing', field };
  }
}

/** The likely cause of a duplicate pair, from what differs and how the accounts were made. */
export function likelyCause(a: UserRecord, b: UserRecord, f: PairFeatures): DetectedCause {
  const firstAgrees = f.first.level !== 'differ' && f.first.level !== 'missing';
  if (!f.swapped && firstAgrees && (f.last.level === 'differ' || f.last.level === 'partial')) return 'name_change';
  const origins = new Set([a.origin, b.origin]);
  if (origins.has('self_registration')) return 'self_registration';
  if (origins.has('manual') && origins.has('interface')) return 'manual_before_interface';
  if (a.origin === 'interface' && b.origin === 'interface') {
    const aActive = a.status === 'active';
    const bActive = b.status === 'active';
    if (aActive !== bActive) return 'returning_employee';
    // Both current: one HR record per position.
    if (aActive && bActive) return 'hr_multiple_records';
    return 'returning_employee';
  }
  if (origins.has('manual')) return 'manual_before_interface';
  return 'unknown';
}
