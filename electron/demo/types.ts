import type { DuplicateCause } from '@shared/causes';
import type { Locale, Gender } from './names';

// What a demo generation reports.

export interface DemoProgress {
  phase: string;
  done: number;
  total: number;
}

export interface DemoOptions {
  users: number;
  seed: number;
  onProgress?: (p: DemoProgress) => void;
}

/** uid_a < uid_b */
export interface PlantedPair {
  uid_a: string;
  uid_b: string;
  cause: DuplicateCause;
}

export type HardNegativeKind = 'namesake' | 'namesake_same_birth_date' | 'family_shared_email';

export interface HardNegative {
  uid_a: string;
  uid_b: string;
  kind: HardNegativeKind;
}

export interface DemoAdmin {
  login: string;
  password: string;
  description: string;
}

export interface DemoResult {
  users: number;
  plantedPairs: PlantedPair[];
  hardNegatives: HardNegative[];
  admins: DemoAdmin[];
  seconds: number;
}

// The model the generator's parts hand to each other: a person, the accounts drafted for
// them, and the cluster (planted duplicate or hard negative) the accounts belong to.

export interface Person {
  locale: Locale;
  gender: Gender;
  first: string;
  last: string;
  birth: string;
  phone: string;
}

/** Shared training objects planted on every account of a duplicate cluster (merge conflicts). */
export interface Shared {
  courses: number[];
  skills: number[];
  jobProfiles: number[];
  learningPath?: number;
  ojt?: number;
  tutorCourse?: number;
  group?: number;
}

/** An account before it gets its id, uid and login. */
export interface Draft {
  first: string;
  last: string;
  locale: Locale;
  birth: string | null;
  employeeId: string | null;
  phone: string | null;
  client: number;
  unit: number;
  origin: 'interface' | 'manual' | 'self_registration';
  status: 'active' | 'inactive' | 'deleted' | 'anonymised';
  createdMs: number;
  /** End of the account's activity (last login); history happens before it. */
  untilMs: number;
  lastLoginMs: number | null;
  /** login: local part from the name, or an e-mail address (self-registration). */
  loginFrom: { kind: 'name'; first: string; last: string } | { kind: 'email'; email: string };
  /** company: <login>@<client domain>; fixed: this address; cluster: the first member's address. */
  email: { kind: 'company' } | { kind: 'fixed'; value: string | null } | { kind: 'cluster' } | { kind: 'company-named'; first: string; last: string };
  passwordHash: string | null;
  shared?: Shared;
  attributes: { department: string; language: string; location?: string; position?: string };
  historyScale: number;
}

export interface Cluster {
  type: 'dup' | 'neg';
  cause?: DuplicateCause;
  kind?: HardNegativeKind;
  expected: number;
  uids: string[];
  firstEmail?: string | null;
}
