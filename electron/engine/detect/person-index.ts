/**
 * "Does this person already exist?": every account of the LMS, held in memory with its
 * blocking keys, and the model learned from this LMS the way the scan learns it. A person
 * typed in by hand is scored against the accounts sharing a blocking key with them, with
 * the scan's scorer, so the score and the reasons are the ones the scan would give.
 *
 * Built once (reading, blocking and estimating cost seconds on a large LMS); each query
 * after that touches only the few accounts that share a key.
 */
import type { Knex } from 'knex';
import type { LmsMapping } from '../../db/mapping';
import { readAttributes } from './attributes';
import { dobCompatible, KEY_TYPES, type BlockingKeyType } from './blocking';
import { loadPairDecisions } from './decisions';
import { compareCandidates, fieldStats, learnScorer } from './learn';
import type { Evidence } from './levels';
import { Interner, toRecord, UNKNOWN_ORG_UNIT, type UserRecord } from './records';
import { readUsers } from './scan';
import { DEFAULT_MODEL, Scorer } from './scoring';

/** A person as an administrator types them in before creating an account. */
export interface PersonProbe {
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD or DD.MM.YYYY. */
  birthDate?: string | null;
  email?: string | null;
  employeeId?: string | null;
}

export interface PersonMatch {
  record: UserRecord;
  score: number;
  /** Sum of the evidence in bits (ties in the score are ranked by it). */
  weight: number;
  reasons: string[];
  evidence: Evidence[];
}

/**
 * The keys a typed-in person can have: no phone and no org unit yet, so the phone and
 * first-name-plus-org-unit blocks are not indexed.
 */
const LOOKUP_KEY_TYPES: BlockingKeyType[] = KEY_TYPES.filter((t) => t.name !== 'phone' && t.name !== 'first_org');

const SEP = '\u0001';

/** A record of the typed-in person, normalised exactly as the accounts are (see toRecord). */
export function probeRecord(p: PersonProbe, now = new Date()): UserRecord {
  return toRecord(
    {
      id: 0,
      uid: '',
      login: null,
      email: p.email ?? null,
      first_name: p.firstName,
      last_name: p.lastName,
      birth_date: p.birthDate ?? null,
      employee_id: p.employeeId ?? null,
      phone: null,
      client_id: 0,
      org_unit_id: UNKNOWN_ORG_UNIT,
      origin: '',
      status: '',
    },
    -1,
    new Interner(),
    now,
  );
}

export class PersonIndex {
  private constructor(
    readonly records: UserRecord[],
    readonly scorer: Scorer,
    /** The model was estimated from this LMS (false: too few pairs, the shipped defaults). */
    readonly learned: boolean,
    /** Type-tagged key → the records holding it (a number for one record, most keys). */
    private readonly blocks: Map<string, number | number[]>,
    readonly builtAt: number,
  ) {}

  /** Reads every account, learns the model as the scan does and indexes the blocking keys. */
  static async build(db: Knex, m: LmsMapping, options: { now?: Date; signal?: AbortSignal } = {}): Promise<PersonIndex> {
    const now = options.now ?? new Date();
    const records = await readUsers(db, m, { now, ...(options.signal ? { signal: options.signal } : {}) });
    const attributeNames = await readAttributes(db, m, records, options.signal);
    const initial = new Scorer(fieldStats(records, attributeNames), DEFAULT_MODEL);
    const candidates = compareCandidates(records, initial);
    const { scorer, learned } = learnScorer(records, initial, candidates, await loadPairDecisions(db));
    const blocks = new Map<string, number | number[]>();
    for (const r of records) {
      for (let t = 0; t < LOOKUP_KEY_TYPES.length; t++) {
        for (const k of new Set(LOOKUP_KEY_TYPES[t]!.keys(r))) {
          if (!k) continue;
          const key = `${t}${SEP}${k}`;
          const held = blocks.get(key);
          if (held === undefined) blocks.set(key, r.idx);
          else if (typeof held === 'number') blocks.set(key, [held, r.idx]);
          else held.push(r.idx);
        }
      }
    }
    return new PersonIndex(records, scorer, learned, blocks, Date.now());
  }

  /** Accounts sharing a blocking key with the person (name blocks only where the birth dates do not rule it out, as in the scan). */
  candidates(probe: UserRecord): number[] {
    const out = new Set<number>();
    for (let t = 0; t < LOOKUP_KEY_TYPES.length; t++) {
      const type = LOOKUP_KEY_TYPES[t]!;
      for (const k of type.keys(probe)) {
        if (!k) continue;
        const held = this.blocks.get(`${t}${SEP}${k}`);
        if (held === undefined) continue;
        for (const i of typeof held === 'number' ? [held] : held) {
          if (type.dobCompatible && !dobCompatible(probe.dob, this.records[i]!.dob)) continue;
          out.add(i);
        }
      }
    }
    return [...out].sort((x, y) => x - y);
  }

  /** Every account scoring at least `minScore` against the person, highest first, explained. */
  match(person: PersonProbe, minScore: number, now = new Date()): PersonMatch[] {
    const probe = probeRecord(person, now);
    const minWeight = minScore <= 0 ? -Infinity : this.scorer.weightFor(Math.min(minScore, 1 - 1e-12));
    const out: PersonMatch[] = [];
    for (const i of this.candidates(probe)) {
      const r = this.records[i]!;
      if (this.scorer.weight(probe, r) < minWeight) continue;
      const s = this.scorer.score(probe, r, true);
      out.push({ record: r, score: Math.round(s.score * 10_000) / 10_000, weight: s.weight, reasons: s.reasons ?? [], evidence: s.evidence ?? [] });
    }
    // As the scan ranks: score, then the stronger evidence, then uid.
    return out.sort((p, q) => q.score - p.score || q.weight - p.weight || (p.record.uid < q.record.uid ? -1 : p.record.uid > q.record.uid ? 1 : 0));
  }

  /** The model's prior in bits: where the evidence waterfall starts. */
  get priorLog2(): number {
    return Math.round(this.scorer.params.priorLog2 * 100) / 100;
  }
}

