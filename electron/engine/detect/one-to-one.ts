/**
 * One account is the duplicate of at most one person. The pair model scores every pair on
 * its own, so an account without a birth date that matches two namesakes of one org unit
 * equally well gets two high scores, although at most one of them can be right. Here each
 * link is conditioned on that constraint. For a link A–B and another link A–C of the
 * shared account A, the hypotheses are: A = B alone (odds o_AB), A = C alone (o_AC), all
 * three one person (o_AB · o_AC · λ), none. λ is the likelihood ratio of B against C over
 * the fields A cannot speak to (A lacks them: the birth date, the employee ID, the HR
 * situation …); where A has a field and agrees with both, B's and C's agreement on it is
 * implied under every hypothesis and says nothing more. So
 *
 *   odds(A = B) = o_AB · (1 + Σ_C o_AC · min(1, λ_BC)) / (1 + Σ_C o_AC)
 *
 * and the link loses log2 of that ratio, on both of its ends. Two namesakes with different
 * birth dates (λ tiny) split an account that cannot tell them apart: each link falls to
 * about a half. Three accounts of one person (λ about 1 or more) do not compete; a link
 * much stronger than its competitors keeps its score.
 */
import type { Reason } from '@shared/detect-reasons';
import { reasonText } from './reasons';
import type { Evidence } from './levels';
import { F, FIELD_COUNT, FIELDS } from './levels';
import type { UserRecord } from './records';
import type { Scorer } from './scoring';

export interface Link {
  /** Record indexes, i < j. */
  i: number;
  j: number;
  /** Posterior log2 odds of the pair on its own (weight + prior). */
  logOdds: number;
}

/** Links weaker than this (log2 odds) are left out as competitors: together they change little. */
export const COMPETITOR_FLOOR_LOG2 = -8;

/** Per account, at most this many competitors are compared; the weaker rest count in full. */
const MAX_COMPARED_COMPETITORS = 32;

/**
 * log2 λ: the weight of x against y over the fields that `via` (linked to both) cannot
 * speak to. See conditionalWeight.
 */
export type ApartWeight = (x: number, y: number, via: number) => number;

/**
 * For every link, the bits its log2 odds lose to competing links (0 when it has none).
 * Only links with log2 odds of at least `from` are worked out (the others cannot be
 * reported). Deterministic: the neighbours of an account are taken in index order.
 */
export function competitionBits(links: Link[], apart: ApartWeight, from = -Infinity): Float64Array {
  const out = new Float64Array(links.length);
  const neighbours = new Map<number, number[]>();
  const add = (x: number, k: number) => {
    const list = neighbours.get(x);
    if (list) list.push(k);
    else neighbours.set(x, [k]);
  };
  links.forEach((l, k) => {
    if (l.logOdds < COMPETITOR_FLOOR_LOG2) return;
    add(l.i, k);
    add(l.j, k);
  });
  const other = (k: number, x: number) => (links[k]!.i === x ? links[k]!.j : links[k]!.i);
  // Strongest first, then by index: the ones compared in full are the ones that matter.
  for (const [x, list] of neighbours) list.sort((p, q) => links[q]!.logOdds - links[p]!.logOdds || other(p, x) - other(q, x));
  // The bits the link of `shared` to `partner` loses to the shared account's other links.
  const side = (shared: number, partner: number) => {
    const list = neighbours.get(shared);
    if (!list || list.length < 2) return 0;
    let all = 0;
    let together = 0;
    let compared = 0;
    for (const k of list) {
      const c = other(k, shared);
      if (c === partner) continue;
      const o = 2 ** links[k]!.logOdds;
      all += o;
      if (compared++ < MAX_COMPARED_COMPETITORS) together += o * Math.min(1, 2 ** apart(partner, c, shared));
    }
    return Math.log2(1 + all) - Math.log2(1 + together);
  };
  links.forEach((l, k) => {
    if (l.logOdds < from || l.logOdds < COMPETITOR_FLOOR_LOG2) return;
    out[k] = side(l.i, l.j) + side(l.j, l.i);
  });
  return out;
}

const NAME_ORDER = F.name_order!;
const SITUATION = FIELDS.map((f) => f.situation === true);

/**
 * The ApartWeight of a scorer: x against y, field by field, counting a field only where
 * `via` lacks it in its comparison with x or with y. Situations between x and y (two
 * current HR records, how they were made) count where `via` is in none of them.
 */
export function conditionalWeight(scorer: Scorer, records: UserRecord[]): ApartWeight {
  const w = new Float64Array(FIELD_COUNT);
  const lx = new Uint8Array(FIELD_COUNT);
  const ly = new Uint8Array(FIELD_COUNT);
  return (x, y, via) => {
    scorer.fieldWeights(records[via]!, records[x]!, w);
    lx.set(scorer.levels);
    scorer.fieldWeights(records[via]!, records[y]!, w);
    ly.set(scorer.levels);
    scorer.fieldWeights(records[x]!, records[y]!, w);
    let s = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      if (f === NAME_ORDER) continue;
      // A situation counts where it is x's and y's alone; one all three pairs share (three
      // current HR records) is there whoever is whom.
      if (SITUATION[f] ? !lx[f] && !ly[f] : !lx[f] || !ly[f]) s += w[f]!;
    }
    return s;
  };
}

/** The evidence entry of a link that competes with others (same {field, level, weight} shape). */
export const COMPETING_EVIDENCE = { field: 'other_accounts', level: 'match_as_well' } as const;

/**
 * A pair's explanation with its competition: one more piece of evidence (the bits lost),
 * a reason in plain words, and the score conditioned on the constraint.
 */
const COMPETING_REASON: Reason = { key: 'competing_link' };

export function withCompetition<S extends { score: number; weight: number; reasons?: string[]; reasonKeys?: Reason[]; evidence?: Evidence[] }>(s: S, bits: number | undefined): S {
  if (!bits || bits < 0.005) return s;
  const odds = s.score / (1 - s.score);
  return {
    ...s,
    weight: s.weight - bits,
    score: Number.isFinite(odds) ? 1 / (1 + 2 ** bits / odds) : s.score,
    evidence: [...(s.evidence ?? []), { ...COMPETING_EVIDENCE, weight: -Math.round(bits * 100) / 100 }],
    reasons: [...(s.reasons ?? []), reasonText(COMPETING_REASON)],
    reasonKeys: [...(s.reasonKeys ?? []), COMPETING_REASON],
  };
}
