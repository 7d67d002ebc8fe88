/**
 * Estimating the model from the scanned LMS itself, unlabelled, the way Splink and the
 * recordlinkage package do it:
 *
 *  - u (how often a level occurs between two different people) from random pairs of the
 *    scanned users, or exactly from value frequencies where that is cheap (see FieldStats);
 *  - m (how often a level occurs between two accounts of one person) and the share of
 *    duplicates among the candidate pairs by expectation maximisation over the pattern
 *    counts of the blocked candidate pairs (a pattern = the levels of all fields);
 *  - stored review decisions (merged / not a duplicate) enter as labelled pairs.
 *
 * Every estimate is pulled towards the shipped defaults (levels.ts) by a few pseudo-pairs,
 * so a small LMS keeps the defaults and a large one is led by its own data. The prior that
 * two random accounts are one person is the expected number of duplicate pairs over the
 * number of all pairs.
 */
import { ATTRIBUTE_SLOTS, BITS, F, FIELD_COUNT, FIELD_OFFSET, FIELDS, LEVEL_COUNT } from './levels';
import type { UserRecord } from './records';
import type { ModelParams, Scorer } from './scoring';
import { estimateAttributeGroups } from './attribute-groups';

export interface EstimateInput {
  /** Pattern code → number of candidate pairs with it. */
  patterns: Map<number, number>;
  /** Patterns of pairs an admin marked merged (true duplicates) / not a duplicate. */
  labelledMatches?: number[];
  labelledNonMatches?: number[];
  /** u per level from random pairs: counts per flat level index, and pairs per field with the field present. */
  randomCounts: Float64Array;
  randomPresent: Float64Array;
  /** Pattern code → number of random pairs with it (for attributes that change together). */
  randomPatterns?: Map<number, number>;
  /** Per attribute slot: how often two random accounts of one org unit agree on it (see randomPairCounts). */
  sameUnitAgreement?: Float64Array;
  /** Users scanned, and the users the default prior assumes at least (small LMS). */
  users: number;
  minEffectiveUsers: number;
  /** The default parameters (the prior of the estimation). */
  defaults: ModelParams;
  iterations?: number;
  /**
   * The candidate pairs that could be duplicates at all (record indexes and pattern code):
   * the number of duplicates is then counted one to one (see oneToOneDuplicates).
   */
  links?: { i: Int32Array; j: Int32Array; code: Float64Array; length: number };
}

export interface Estimate {
  params: ModelParams;
  /** m and u per flat level index (u among all pairs for 'random', among candidates for 'em'). */
  m: Float64Array;
  u: Float64Array;
  /** Share of duplicates among the candidate pairs. */
  candidateMatchShare: number;
  /** Expected number of duplicate pairs among the candidates. */
  expectedDuplicates: number;
  iterations: number;
}

/** Pseudo-pairs pulling m and u towards the defaults. */
const M_PSEUDO = 20;
const U_PSEUDO = 200;
/** Pseudo-pairs pulling the duplicate share towards the default (1 % of the users have a duplicate). */
const LAMBDA_PSEUDO = 200;

function levelsOf(code: number, out: Uint8Array): void {
  for (let f = 0; f < FIELD_COUNT; f++) {
    const l = code % (1 << BITS);
    code = (code - l) / (1 << BITS);
    out[f] = l;
  }
}

/** Default m and u of every level as probabilities (normalised per field). */
function defaultProbabilities(defaults: ModelParams): { m: Float64Array; u: Float64Array } {
  const m = new Float64Array(LEVEL_COUNT);
  const u = new Float64Array(LEVEL_COUNT);
  FIELDS.forEach((f, fi) => {
    // A situation field's levels are shares of all pairs already; others are normalised.
    let sm = f.situation ? 1 : 0;
    let su = f.situation ? 1 : 0;
    if (!f.situation) {
      f.levels.forEach((l) => {
        if (l.uFrom === 'fixed') return;
        sm += l.m;
        su += Math.min(1, l.u);
      });
    }
    f.levels.forEach((l, li) => {
      const k = FIELD_OFFSET[fi]! + li + 1;
      m[k] = Math.min(1, l.m / (sm || 1));
      // u consistent with the default weight (the org unit's comes from the LMS's own tree).
      u[k] = l.uFrom === 'tf' ? Math.min(1, l.u) / (su || 1) : m[k]! / 2 ** defaults.weights[k]!;
    });
  });
  return { m, u };
}

/** Weights of the 'labels' levels from review decisions, pulled towards the defaults. */
function labelWeights(labelled: { l: Uint8Array; p: number }[], prior: { m: Float64Array; u: Float64Array }, weights: Float64Array): void {
  const matches = labelled.filter((x) => x.p === 1);
  const others = labelled.filter((x) => x.p === 0);
  FIELDS.forEach((f, fi) =>
    f.levels.forEach((l, li) => {
      if (l.uFrom !== 'labels') return;
      const k = FIELD_OFFSET[fi]! + li + 1;
      const at = (list: typeof labelled) => list.filter((x) => x.l[fi] === li + 1).length;
      const m = (at(matches) + M_PSEUDO * prior.m[k]!) / (matches.length + M_PSEUDO);
      const u = (at(others) + M_PSEUDO * prior.u[k]!) / (others.length + M_PSEUDO);
      weights[k] = Math.log2(m / u);
    }),
  );
}

export function estimateModel(input: EstimateInput): Estimate {
  const { patterns, defaults } = input;
  const iterations = input.iterations ?? 30;
  const prior = defaultProbabilities(defaults);
  const codes = [...patterns.keys()];
  const counts = codes.map((c) => patterns.get(c)!);
  const levels = codes.map((c) => {
    const l = new Uint8Array(FIELD_COUNT);
    levelsOf(c, l);
    return l;
  });
  const labelled: { l: Uint8Array; p: number }[] = [];
  for (const [list, p] of [[input.labelledMatches ?? [], 1], [input.labelledNonMatches ?? [], 0]] as const) {
    for (const c of list) {
      const l = new Uint8Array(FIELD_COUNT);
      levelsOf(c, l);
      labelled.push({ l, p });
    }
  }
  const total = counts.reduce((x, y) => x + y, 0);

  // u among the candidates starts from the level distribution of all candidates (mostly non-duplicates).
  const uc = new Float64Array(LEVEL_COUNT);
  const m = new Float64Array(prior.m);
  const present = new Float64Array(FIELD_COUNT);
  for (let k = 0; k < codes.length; k++) {
    for (let f = 0; f < FIELD_COUNT; f++) {
      const l = levels[k]![f]!;
      if (SITUATION[f]) present[f] = present[f]! + counts[k]!;
      if (!l) continue;
      uc[FIELD_OFFSET[f]! + l] = uc[FIELD_OFFSET[f]! + l]! + counts[k]!;
      present[f] = present[f]! + counts[k]!;
    }
  }
  for (let f = 0; f < FIELD_COUNT; f++) {
    for (let l = 1; l <= FIELDS[f]!.levels.length; l++) {
      const k = FIELD_OFFSET[f]! + l;
      uc[k] = (uc[k]! + 1) / (present[f]! + FIELDS[f]!.levels.length);
    }
  }
  const effectiveUsers = Math.max(input.users, input.minEffectiveUsers);
  const defaultShare = Math.min(0.5, (0.01 * effectiveUsers) / Math.max(1, total));
  let share = defaultShare;

  const weightOf = (k: number) => {
    const spec = FIELDS[FIELD_OF[k]!]!.levels[k - FIELD_OFFSET[FIELD_OF[k]!]! - 1]!;
    return spec.uFrom === 'fixed' || spec.uFrom === 'labels' ? defaults.weights[k]! : Math.log2(m[k]! / uc[k]!);
  };

  let it = 0;
  const accM = new Float64Array(LEVEL_COUNT);
  const accU = new Float64Array(LEVEL_COUNT);
  const accMPresent = new Float64Array(FIELD_COUNT);
  const accUPresent = new Float64Array(FIELD_COUNT);
  const w = new Float64Array(LEVEL_COUNT);
  for (; it < iterations; it++) {
    for (let k = 1; k < LEVEL_COUNT; k++) if (FIELD_OF[k] !== undefined && k !== FIELD_OFFSET[FIELD_OF[k]!]) w[k] = weightOf(k);
    accM.fill(0);
    accU.fill(0);
    accMPresent.fill(0);
    accUPresent.fill(0);
    let matches = 0;
    const logitShare = Math.log2(share / (1 - share));
    const add = (l: Uint8Array, count: number, p: number) => {
      for (let f = 0; f < FIELD_COUNT; f++) {
        const lv = l[f]!;
        if (SITUATION[f]) {
          accMPresent[f] = accMPresent[f]! + count * p;
          accUPresent[f] = accUPresent[f]! + count * (1 - p);
        }
        if (!lv) continue;
        const key = FIELD_OFFSET[f]! + lv;
        accM[key] = accM[key]! + count * p;
        accU[key] = accU[key]! + count * (1 - p);
        if (!SITUATION[f]) {
          accMPresent[f] = accMPresent[f]! + count * p;
          accUPresent[f] = accUPresent[f]! + count * (1 - p);
        }
      }
    };
    for (let k = 0; k < codes.length; k++) {
      const l = levels[k]!;
      let s = logitShare;
      // Attributes are judged by the other fields (their m follows the posterior), not the
      // other way round: several attributes follow one another (postcode and city) or the
      // org unit, and letting them vote would count that evidence twice.
      for (let f = 0; f < FIELD_COUNT; f++) if (l[f] && !ATTRIBUTE[f]) s += w[FIELD_OFFSET[f]! + l[f]!]!;
      const p = 1 / (1 + 2 ** -s);
      matches += counts[k]! * p;
      add(l, counts[k]!, p);
    }
    for (const x of labelled) add(x.l, 1, x.p);
    let change = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      for (let l = 1; l <= FIELDS[f]!.levels.length; l++) {
        const k = FIELD_OFFSET[f]! + l;
        const nm = BLOCKED[f] ? prior.m[k]! : (accM[k]! + M_PSEUDO * prior.m[k]!) / (accMPresent[f]! + M_PSEUDO);
        const nu = (accU[k]! + U_PSEUDO * prior.u[k]!) / (accUPresent[f]! + U_PSEUDO);
        change = Math.max(change, Math.abs(nm - m[k]!));
        m[k] = nm;
        uc[k] = nu;
      }
    }
    share = (matches + LAMBDA_PSEUDO * defaultShare) / (total + LAMBDA_PSEUDO);
    if (change < 1e-5) {
      it++;
      break;
    }
  }

  // The weights used for scoring: u among all pairs where it is known.
  const weights = new Float64Array(defaults.weights);
  const u = new Float64Array(LEVEL_COUNT);
  FIELDS.forEach((f, fi) =>
    f.levels.forEach((l, li) => {
      const k = FIELD_OFFSET[fi]! + li + 1;
      switch (l.uFrom) {
        case 'tf':
          weights[k] = Math.log2(m[k]!);
          u[k] = prior.u[k]!;
          break;
        case 'random': {
          u[k] = (input.randomCounts[k]! + U_PSEUDO * prior.u[k]!) / (input.randomPresent[fi]! + U_PSEUDO);
          weights[k] = Math.log2(m[k]! / u[k]!);
          break;
        }
        case 'em':
          u[k] = uc[k]!;
          weights[k] = Math.log2(m[k]! / uc[k]!);
          break;
        case 'labels':
        case 'fixed':
          u[k] = prior.u[k]!;
          break;
      }
    }),
  );
  labelWeights(labelled, prior, weights);
  // The posteriors of the final model (for the attributes below).
  for (let k = 1; k < LEVEL_COUNT; k++) if (FIELD_OF[k] !== undefined && k !== FIELD_OFFSET[FIELD_OF[k]!]) w[k] = weightOf(k);
  const logitShare = Math.log2(share / (1 - share));
  const posterior = levels.map((l, k) => {
    let s = logitShare;
    for (let f = 0; f < FIELD_COUNT; f++) if (l[f] && !ATTRIBUTE[f]) s += w[FIELD_OFFSET[f]! + l[f]!]!;
    return { levels: l, count: counts[k]!, p: 1 / (1 + 2 ** -s) };
  });
  // Agreeing on an attribute within one org unit: u is how often two accounts of a unit
  // agree on it (department, location follow the unit: then it says next to nothing).
  const a0 = F.attribute_1!;
  const sameUnit = sameUnitAgreementOfDuplicates(posterior);
  for (let s = 0; s < ATTRIBUTE_SLOTS; s++) {
    const o = FIELD_OFFSET[a0 + s]!;
    const agree = input.sameUnitAgreement?.[s];
    if (agree === undefined) continue;
    // Agreement outside the unit is weighed by agreement overall (m and u of both exact
    // levels): the org unit's own weight already says how the units relate.
    const mAgree = m[o + 1]! + m[o + 2]!;
    const uAgree = u[o + 1]! + u[o + 2]!;
    weights[o + 1] = Math.log2(mAgree / Math.max(uAgree, 1e-9));
    // m is the agreement among duplicates of one unit (they mostly agree where the attribute
    // follows the unit), pulled towards the agreement among all duplicates.
    const mSame = (sameUnit.agree[s]! + M_PSEUDO * mAgree) / (sameUnit.present[s]! + M_PSEUDO);
    weights[o + 2] = Math.min(weights[o + 1]!, Math.log2(mSame / Math.max(agree, uAgree, 1e-6)));
  }
  const randomLevels = [...(input.randomPatterns ?? new Map<number, number>())].map(([code, count]) => {
    const l = new Uint8Array(FIELD_COUNT);
    levelsOf(code, l);
    return { levels: l, count };
  });
  const attributeGroups = estimateAttributeGroups(posterior, randomLevels, m, u, { m: M_PSEUDO, u: U_PSEUDO });
  const pairShare = share * total;
  const posteriorOf = new Map(codes.map((c, k) => [c, posterior[k]!.p]));
  const expectedDuplicates = input.links ? Math.min(pairShare, oneToOneDuplicates(input.links, (c) => posteriorOf.get(c) ?? 0, input.users)) : pairShare;
  // Duplicate pairs per user, pulled towards the default 1 % by minEffectiveUsers
  // pseudo-users (a small LMS says little about it), over the pairs of at least that many
  // users, as the default model does.
  const rate = (expectedDuplicates + 0.01 * input.minEffectiveUsers) / (effectiveUsers + input.minEffectiveUsers);
  const lambda = Math.min(0.5, (2 * rate) / (effectiveUsers - 1));
  return {
    params: { weights, priorLog2: Math.log2(lambda / (1 - lambda)), attributeGroups },
    m,
    u,
    candidateMatchShare: share,
    expectedDuplicates,
    iterations: it,
  };
}

/**
 * The expected number of duplicate pairs when an account belongs to one person: the
 * links (p ≥ 1 %) taken likeliest first, each joining two accounts not yet taken, or an
 * account to a group it is linked with throughout (three accounts of one person link each
 * to each); the posteriors of the links taken are summed. Summing every candidate's
 * posterior instead counts an account with ten namesakes ten times over: at a million
 * users with short name lists that sum was six times the planted number, and the prior
 * it gave let namesakes through.
 */
export function oneToOneDuplicates(links: NonNullable<EstimateInput['links']>, probabilityOf: (code: number) => number, users: number): number {
  const kept: number[] = [];
  // Indexed by link (a sparse array here made every comparison of the sort a slow lookup).
  const prob = new Float64Array(links.length);
  for (let k = 0; k < links.length; k++) {
    const x = probabilityOf(links.code[k]!);
    if (x < 0.01) continue;
    kept.push(k);
    prob[k] = x;
  }
  kept.sort((x, y) => prob[y]! - prob[x]! || links.i[x]! - links.i[y]! || links.j[x]! - links.j[y]!);
  const linked = new Map<number, number>();
  for (const k of kept) linked.set(links.i[k]! * users + links.j[k]!, prob[k]!);
  const between = (x: number, y: number) => linked.get(Math.min(x, y) * users + Math.max(x, y));
  const group = new Map<number, number[]>();
  let sum = 0;
  for (const k of kept) {
    const i = links.i[k]!;
    const j = links.j[k]!;
    const gi = group.get(i);
    const gj = group.get(j);
    if (!gi && !gj) {
      const g = [i, j];
      group.set(i, g);
      group.set(j, g);
      sum += prob[k]!;
      continue;
    }
    if (gi && gj) continue;
    const [g, c] = gi ? [gi, j] : [gj!, i];
    const to = g.map((x) => between(x, c));
    if (to.some((x) => x === undefined)) continue;
    for (const x of to) sum += x!;
    g.push(c);
    group.set(c, g);
  }
  return sum;
}

/** Per attribute slot, among the likely duplicates in one org unit: the expected pairs that agree on it, and that have it on both accounts. */
function sameUnitAgreementOfDuplicates(posterior: { levels: Uint8Array; count: number; p: number }[]): { agree: Float64Array; present: Float64Array } {
  const agree = new Float64Array(ATTRIBUTE_SLOTS);
  const present = new Float64Array(ATTRIBUTE_SLOTS);
  const org = F.org_unit!;
  const a0 = F.attribute_1!;
  for (const x of posterior) {
    if (x.levels[org] !== 1) continue;
    const e = x.count * x.p;
    for (let s = 0; s < ATTRIBUTE_SLOTS; s++) {
      const l = x.levels[a0 + s]!;
      if (!l) continue;
      present[s] = present[s]! + e;
      if (l === 2) agree[s] = agree[s]! + e;
    }
  }
  return { agree, present };
}

const SITUATION = FIELDS.map((f) => f.situation === true);
const BLOCKED = FIELDS.map((f) => f.blocked === true);
const ATTRIBUTE = FIELDS.map((f) => f.field.startsWith('attribute_'));

/** Field index of every flat level index. */
const FIELD_OF: number[] = [];
FIELDS.forEach((f, fi) => {
  for (let l = 0; l <= f.levels.length; l++) FIELD_OF[FIELD_OFFSET[fi]! + l] = fi;
});

/**
 * Level counts over random pairs (deterministic: a fixed linear congruential sequence),
 * for u. Returns counts per flat level index and, per field, the pairs where it was present;
 * and per attribute slot the agreement among random pairs of one org unit.
 */
export function randomPairCounts(
  records: UserRecord[],
  scorer: Scorer,
  pairs = 100_000,
): { counts: Float64Array; present: Float64Array; sameUnitAgreement: Float64Array; patterns: Map<number, number> } {
  const counts = new Float64Array(LEVEL_COUNT);
  const patterns = new Map<number, number>();
  const present = new Float64Array(FIELD_COUNT);
  const sameUnitAgreement = new Float64Array(ATTRIBUTE_SLOTS);
  const n = records.length;
  if (n < 2) return { counts, present, sameUnitAgreement, patterns };
  let seed = 0x2545f491;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  const todo = Math.min(pairs, (n * (n - 1)) / 2);
  for (let k = 0; k < todo; k++) {
    const i = next() % n;
    let j = next() % (n - 1);
    if (j >= i) j++;
    scorer.compare(records[i]!, records[j]!);
    const code = scorer.patternCode();
    patterns.set(code, (patterns.get(code) ?? 0) + 1);
    const lv = scorer.levels;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const l = lv[f]!;
      // A situation's level 0 ("not this situation") is present in every pair.
      if (SITUATION[f] && !l) present[f] = present[f]! + 1;
      if (!l) continue;
      counts[FIELD_OFFSET[f]! + l] = counts[FIELD_OFFSET[f]! + l]! + 1;
      present[f] = present[f]! + 1;
    }
  }
  // Pairs within one org unit: how often attributes agree there.
  const byUnit = new Map<number, number[]>();
  for (const r of records) {
    const list = byUnit.get(r.orgUnitId);
    if (list) list.push(r.idx);
    else byUnit.set(r.orgUnitId, [r.idx]);
  }
  const agree = new Float64Array(ATTRIBUTE_SLOTS);
  const both = new Float64Array(ATTRIBUTE_SLOTS);
  for (let k = 0; k < Math.min(pairs / 4, n * 4); k++) {
    const a = records[next() % n]!;
    const unit = byUnit.get(a.orgUnitId)!;
    if (unit.length < 2) continue;
    const b = records[unit[next() % unit.length]!]!;
    if (b === a) continue;
    for (let s = 0; s < a.attrs.length && s < ATTRIBUTE_SLOTS; s++) {
      if (!a.attrs[s] || !b.attrs[s]) continue;
      both[s] = both[s]! + 1;
      if (a.attrs[s] === b.attrs[s]) agree[s] = agree[s]! + 1;
    }
  }
  // Smoothed towards agreeing half of the time, by 20 pseudo-pairs.
  for (let s = 0; s < ATTRIBUTE_SLOTS; s++) sameUnitAgreement[s] = (agree[s]! + 10) / (both[s]! + 20);
  return { counts, present, sameUnitAgreement, patterns };
}
