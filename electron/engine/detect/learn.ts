/**
 * The model the scan scores with, learned from this LMS: field frequencies, every blocking
 * candidate compared once for its pattern of levels, then m, u and the prior estimated
 * (see estimate.ts). The scan and the person lookup learn it the same way, so a lookup
 * scores a typed-in person exactly as the scan would score that account.
 */
import { forEachCandidatePair, type BlockingOptions, type BlockingReport } from './blocking';
import type { PairDecision } from './decisions';
import { estimateModel, randomPairCounts, type Estimate } from './estimate';
import { KeyTable } from './key-table';
import { decisionPatterns, PairStore } from './pair-store';
import type { UserRecord } from './records';
import { DEFAULT_MIN_SCORE, DEFAULT_MODEL, FieldStats, Scorer, type ScoringModel } from './scoring';

/** Candidate pairs needed before the model is estimated from the LMS. */
export const MIN_PAIRS_TO_LEARN = 500;

/** Name, birth-date and org frequencies over the users (the scorer's frequency adjustment). */
export function fieldStats(records: readonly UserRecord[], attributeNames: string[]): FieldStats {
  const stats = new FieldStats();
  stats.attributeNames = attributeNames;
  for (const r of records) stats.add(r);
  stats.finish();
  return stats;
}

/** Links this many bits below the default threshold under the initial model may still be duplicates under the learned one. */
export const LINK_MARGIN_BITS = 12;

export interface ComparedCandidates {
  /** How often each pattern code occurred among the candidates (the estimation's input). */
  patterns: Map<number, number>;
  /** The candidates that could be duplicates at all (LINK_MARGIN_BITS below the default threshold): counted one to one. */
  links: PairStore;
  /** Candidate pairs compared. */
  scored: number;
  report: BlockingReport;
}

/**
 * Compares every blocking candidate once with the initial scorer and counts its pattern;
 * `onCompared` sees each pair while the scorer still holds its levels (the scan keeps the
 * promising ones).
 */
export function compareCandidates(
  records: UserRecord[],
  initial: Scorer,
  options: Pick<BlockingOptions, 'maxBlock' | 'window' | 'checkpoint'> = {},
  onCompared?: (i: number, j: number, tf: number) => void,
): ComparedCandidates {
  // Patterns counted by dense id (no Map update with a boxed number per pair, millions of them).
  const patternIds = new KeyTable(1 << 14);
  let counts = new Float64Array(1 << 14);
  const codes: number[] = [];
  const links = new PairStore();
  const linkFrom = initial.weightFor(DEFAULT_MIN_SCORE) - LINK_MARGIN_BITS;
  let scored = 0;
  const report = forEachCandidatePair(
    records,
    (i, j) => {
      scored++;
      const tf = initial.compare(records[i]!, records[j]!);
      const code = initial.patternCode();
      const id = patternIds.id(code);
      if (id === codes.length) {
        codes.push(code);
        if (id >= counts.length) {
          const more = new Float64Array(counts.length * 2);
          more.set(counts);
          counts = more;
        }
      }
      counts[id]!++;
      if (initial.lastWeight() >= linkFrom) links.push(i, j, code, tf);
      onCompared?.(i, j, tf);
    },
    options,
  );
  const patterns = new Map<number, number>();
  for (let id = 0; id < codes.length; id++) patterns.set(codes[id]!, counts[id]!);
  return { patterns, links, scored, report };
}

export interface LearnedScorer {
  scorer: Scorer;
  /** Estimated from the LMS (false: too few pairs, or learn: false; the shipped defaults). */
  learned: boolean;
  estimate: Estimate;
}

/** Estimates m, u and the prior from the candidates and the admins' decisions; the scorer with them (or the defaults). */
export function learnScorer(
  records: UserRecord[],
  initial: Scorer,
  candidates: Pick<ComparedCandidates, 'patterns' | 'scored' | 'links'>,
  decisions: Map<string, PairDecision>,
  options: { model?: ScoringModel; learn?: boolean } = {},
): LearnedScorer {
  const model = options.model ?? DEFAULT_MODEL;
  const labelled = decisionPatterns(records, decisions, initial);
  const random = randomPairCounts(records, initial);
  const estimate = estimateModel({
    patterns: candidates.patterns,
    labelledMatches: labelled.matches,
    labelledNonMatches: labelled.nonMatches,
    randomCounts: random.counts,
    randomPresent: random.present,
    randomPatterns: random.patterns,
    sameUnitAgreement: random.sameUnitAgreement,
    users: records.length,
    minEffectiveUsers: model.minEffectiveUsers,
    defaults: initial.params,
    links: candidates.links,
  });
  // EM needs a few hundred compared pairs to tell duplicates from namesakes; below that
  // (a handful of accounts) the shipped defaults are used.
  const learned = options.learn !== false && candidates.scored >= MIN_PAIRS_TO_LEARN;
  return { scorer: learned ? initial.withParams(estimate.params) : initial, learned, estimate };
}
