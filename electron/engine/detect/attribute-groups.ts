/**
 * User attributes that change together (street, postcode and city when a person moves):
 * found from the scanned LMS — among the likely duplicates, when one of them differs the
 * others differ too — and then counted as ONE disagreement with its own learned weight,
 * not once per attribute (naive Bayes would multiply three correlated "different"s).
 * Agreement still counts per attribute: a shared street and a shared postcode are two
 * pieces of evidence among different people, whose values are not correlated that way.
 */
import { ATTRIBUTE_SLOTS, F, FIELD_OFFSET, levelOf } from './levels';

export interface AttributeGroups {
  /** Group number per attribute slot, -1 when the slot stands alone. */
  groupOf: Int8Array;
  /** Weight (bits) of "the group's attributes differ", per group number. */
  differWeight: Float64Array;
}

export function noAttributeGroups(): AttributeGroups {
  return { groupOf: new Int8Array(ATTRIBUTE_SLOTS).fill(-1), differWeight: new Float64Array(ATTRIBUTE_SLOTS) };
}

const A0 = F.attribute_1!;
const DIFFERENT = levelOf('attribute_1', 'different');
const COUNT = new Float64Array(ATTRIBUTE_SLOTS);

/**
 * The weight of each attribute slot of one pattern (levels per field) into `out`: a slot's
 * own level weight, except that the differing slots of one group share the group's weight.
 */
export function attributeSlotWeights(levels: Uint8Array, weights: Float64Array, groups: AttributeGroups, out: Float64Array): void {
  const differing = COUNT.fill(0);
  for (let s = 0; s < ATTRIBUTE_SLOTS; s++) {
    const g = groups.groupOf[s]!;
    if (g >= 0 && levels[A0 + s] === DIFFERENT) differing[g] = differing[g]! + 1;
  }
  for (let s = 0; s < ATTRIBUTE_SLOTS; s++) {
    const l = levels[A0 + s]!;
    const g = groups.groupOf[s]!;
    out[s] = !l ? 0 : g >= 0 && l === DIFFERENT ? groups.differWeight[g]! / differing[g]! : weights[FIELD_OFFSET[A0 + s]! + l]!;
  }
}
/** Share of the likely duplicates' disagreement on one slot that comes with disagreement on the other. */
const TOGETHER = 0.6;
/** ... and how much more often than if the two were independent. */
const LIFT = 1.5;
/** Posterior-weighted pairs differing on both, at least. */
const MIN_BOTH = 5;

/**
 * Groups of slots whose disagreements go together among the likely duplicates (posterior
 * `p` per pattern), and each group's weight for "differs": m from those posteriors, u from
 * random pairs (`random`: levels and counts of random pairs' patterns). Pulled towards the
 * strongest single slot's m and u by `pseudo` pairs.
 */
export function estimateAttributeGroups(
  patterns: { levels: Uint8Array; count: number; p: number }[],
  random: { levels: Uint8Array; count: number }[],
  m: Float64Array,
  u: Float64Array,
  pseudo: { m: number; u: number },
): AttributeGroups {
  const groups = noAttributeGroups();
  const S = ATTRIBUTE_SLOTS;
  const both = new Float64Array(S * S);
  const diffA = new Float64Array(S * S);
  const diffB = new Float64Array(S * S);
  const diffBoth = new Float64Array(S * S);
  for (const { levels, count, p } of patterns) {
    const w = count * p;
    if (w <= 0) continue;
    for (let s = 0; s < S; s++) {
      const ls = levels[A0 + s]!;
      if (!ls) continue;
      for (let t = s + 1; t < S; t++) {
        const lt = levels[A0 + t]!;
        if (!lt) continue;
        const k = s * S + t;
        both[k] = both[k]! + w;
        if (ls === DIFFERENT) diffA[k] = diffA[k]! + w;
        if (lt === DIFFERENT) diffB[k] = diffB[k]! + w;
        if (ls === DIFFERENT && lt === DIFFERENT) diffBoth[k] = diffBoth[k]! + w;
      }
    }
  }
  const parent = Array.from({ length: S }, (_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let s = 0; s < S; s++) {
    for (let t = s + 1; t < S; t++) {
      const k = s * S + t;
      const dd = diffBoth[k]!;
      if (dd < MIN_BOTH) continue;
      const together = Math.min(dd / diffA[k]!, dd / diffB[k]!);
      const lift = (dd * both[k]!) / (diffA[k]! * diffB[k]!);
      if (together >= TOGETHER && lift >= LIFT) parent[root(t)] = root(s);
    }
  }
  let next = 0;
  const number = new Map<number, number>();
  for (let s = 0; s < S; s++) {
    const r = root(s);
    if (!parent.some((_, i) => i !== r && root(i) === r)) continue; // alone
    if (!number.has(r)) number.set(r, next++);
    groups.groupOf[s] = number.get(r)!;
  }
  for (let g = 0; g < next; g++) {
    const slots = [...groups.groupOf.keys()].filter((s) => groups.groupOf[s] === g);
    const shares = (list: { levels: Uint8Array; count: number; p?: number }[], weighted: boolean) => {
      let present = 0;
      let differ = 0;
      for (const x of list) {
        const w = x.count * (weighted ? x.p! : 1);
        if (!slots.some((s) => x.levels[A0 + s])) continue;
        present += w;
        if (slots.some((s) => x.levels[A0 + s] === DIFFERENT)) differ += w;
      }
      return { present, differ };
    };
    const k = (s: number) => FIELD_OFFSET[A0 + s]! + DIFFERENT;
    const m0 = Math.max(...slots.map((s) => m[k(s)]!));
    const u0 = Math.max(...slots.map((s) => u[k(s)]!));
    const mm = shares(patterns, true);
    const ur = shares(random, false);
    const mg = (mm.differ + pseudo.m * m0) / (mm.present + pseudo.m);
    const ug = (ur.differ + pseudo.u * u0) / (ur.present + pseudo.u);
    groups.differWeight[g] = Math.log2(mg / ug);
  }
  return groups;
}
