/** Duplicate detection: pure TypeScript over Knex (never imports Electron). */
export * from './normalise';
export { jaroWinkler, editDistance, editSimilarity, cologne, metaphone } from './similarity';
export { toRecord, Interner, USER_COLUMNS, type UserRecord } from './records';
export { forEachCandidatePair, KEY_TYPES, DEFAULT_MAX_BLOCK, DEFAULT_WINDOW, type BlockingReport, type BlockingOptions, type OversizedBlock } from './blocking';
export { FieldStats, Scorer, likelyCause, compareNames, DEFAULT_MODEL, DEFAULT_MIN_SCORE, type PairFeatures, type PairScore, type ScoringModel } from './scoring';
export { recommendKeep, compareKeep, loadActivity, mainEmailDomain, type KeepFacts, type KeepRecommendation, type Activity } from './keep';
export { buildClusters, UnionFind, type Cluster, type MergeStep } from './clusters';
export { recordPairDecision, loadPairDecisions, getPairDecision, orderedPair, pairKey, PAIR_DECISIONS, type PairDecision, type PairDecisionRow } from './decisions';
export { scan, readUsers, ScanCancelledError, type ScanOptions, type ScanResult, type ScanPair, type ScanCluster, type ScanProgress } from './scan';
export { scanInWorker, type ThreadScanOptions } from './scan-thread';
