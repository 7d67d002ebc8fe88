import { DUPLICATE_CAUSE_IDS, type DuplicateCause } from '@shared/causes';
import type { Catalogue } from './catalogue';
import type { EmployeeIds } from './employee-ids';
import { commonName, firstName, lastName, transliterate, type Gender, type Locale } from './names';
import type { People } from './people';
import type { DraftQueue } from './queue';
import type { Rng } from './rng';
import type { Cluster, Draft, HardNegativeKind, Person, Shared } from './types';
import { between, DEMO_NOW, DAY, pad2, YEAR } from './values';

/** Share of users that take part in a planted duplicate. */
export const DUPLICATE_SHARE = 0.08;
const HARD_NEGATIVE_SHARE = 0.012;

/**
 * What the population consists of: single accounts, planted duplicates (the five causes,
 * each first in turn, then by weight, sharing training objects so merges conflict) and
 * hard negatives (different people who look alike). Draws from the main random stream.
 */
export class Planting {
  private dupUsers = 0;
  private negUsers = 0;
  private clusterCount = 0;
  private negCount = 0;
  private hrClusters = 0;

  constructor(
    private readonly rng: Rng,
    private readonly cat: Catalogue,
    private readonly emp: EmployeeIds,
    private readonly people: People,
    private readonly queue: DraftQueue,
    /** The hash of a password nobody knows, for manual accounts. */
    private readonly lockedHash: string,
  ) {}

  /** Schedules the next account(s): a single, a planted duplicate cluster or a hard negative pair. */
  scheduleNext(room: number): void {
    const rng = this.rng;
    const upcoming = this.queue.scheduled + 3;
    if (room >= 3 && this.dupUsers < DUPLICATE_SHARE * upcoming && rng.chance(0.5)) {
      this.scheduleDuplicate(room);
      return;
    }
    if (room >= 2 && this.negUsers < HARD_NEGATIVE_SHARE * upcoming && rng.chance(0.3)) {
      this.scheduleHardNegative();
      return;
    }
    this.queue.add(this.people.single(this.people.person()));
  }

  private sharedHistory(): Shared {
    const rng = this.rng;
    const c = this.cat;
    const courses: number[] = [];
    if (rng.chance(0.75)) {
      const n = rng.chance(0.3) ? 2 : 1;
      for (const i of rng.distinct(c.courses.length, n)) courses.push(i + 1);
      // Prefer a course with SCORM content for the first, so SCO conflicts appear too.
      if (rng.chance(0.5)) {
        const start = rng.int(0, c.courses.length - 1);
        let withScos = c.courseScos.findIndex((s, i) => s.length > 0 && i >= start);
        if (withScos < 0) withScos = c.courseScos.findIndex((s) => s.length > 0);
        if (withScos >= 0 && !courses.includes(withScos + 1)) courses[0] = withScos + 1;
      }
    }
    return {
      courses,
      skills: rng.chance(0.5) ? [rng.int(1, c.skills.length)] : [],
      jobProfiles: rng.chance(0.4) ? [rng.int(1, c.jobProfiles.length)] : [],
      ...(rng.chance(0.3) && c.levelBasedPaths.length ? { learningPath: rng.pick(c.levelBasedPaths) } : {}),
      ...(rng.chance(0.15) ? { ojt: rng.int(1, c.ojtTrainings.length) } : {}),
      ...(rng.chance(0.08) ? { tutorCourse: rng.int(1, c.courses.length) } : {}),
      ...(rng.chance(0.4) ? { group: rng.int(1, c.groups.length) } : {}),
    };
  }

  private scheduleDuplicate(room: number): void {
    const rng = this.rng;
    const cause: DuplicateCause =
      this.clusterCount < DUPLICATE_CAUSE_IDS.length
        ? DUPLICATE_CAUSE_IDS[this.clusterCount]!
        : rng.weighted([
            ['hr_multiple_records', 25],
            ['manual_before_interface', 25],
            ['self_registration', 20],
            ['returning_employee', 15],
            ['name_change', 15],
          ] as const);
    this.clusterCount++;
    const p = this.people.person();
    const shared = this.sharedHistory();
    const drafts: Draft[] = [];
    switch (cause) {
      case 'hr_multiple_records': {
        // The first person with several HR records has three of them, so every demo shows a cluster.
        const size = room >= 4 && (this.hrClusters++ === 0 || rng.chance(0.2)) ? 3 : 2;
        const createdMs = between(rng, DEMO_NOW - 10 * YEAR, DEMO_NOW - 90 * DAY);
        const first = this.people.interfaceDraft(p, { createdMs });
        drafts.push(first);
        const region = this.people.regionOf(first.unit);
        for (let i = 1; i < size; i++) {
          let other = this.people.interfaceDraft(p, { createdMs: between(rng, createdMs + 30 * DAY, DEMO_NOW - 10 * DAY), region: rng.chance(0.7) ? region : undefined });
          for (let tries = 0; tries < 5 && drafts.some((d) => d.unit === other.unit); tries++) {
            other = this.people.interfaceDraft(p, { createdMs: other.createdMs });
          }
          other.birth = first.birth ?? p.birth;
          first.birth = other.birth;
          other.email = rng.chance(0.5) ? { kind: 'cluster' } : { kind: 'company' };
          this.people.noisy(other, p);
          drafts.push(other);
        }
        break;
      }
      case 'manual_before_interface': {
        const interfaceMs = between(rng, DEMO_NOW - 8 * YEAR, DEMO_NOW - 20 * DAY);
        const iface = this.people.interfaceDraft(p, { createdMs: interfaceMs });
        iface.birth = p.birth;
        const manual = this.people.interfaceDraft(p, { createdMs: interfaceMs - rng.int(3, 60) * DAY, unit: { unit: iface.unit, client: iface.client, department: iface.attributes.department, city: iface.attributes.location ?? '' } });
        manual.origin = 'manual';
        manual.employeeId = rng.chance(0.7) ? null : iface.employeeId;
        if (rng.chance(0.6)) manual.birth = null;
        manual.passwordHash = this.lockedHash;
        // The manual account usually got the company address already; the interface account then reuses it.
        manual.email = rng.chance(0.6) ? { kind: 'company' } : { kind: 'fixed', value: null };
        if (rng.chance(0.25)) manual.status = 'inactive';
        // Without birth date and employee ID the name must do: keep the e-mail address too.
        if (!manual.birth && !manual.employeeId) manual.email = { kind: 'company' };
        iface.email = manual.email.kind === 'company' && (rng.chance(0.85) || (!manual.birth && !manual.employeeId)) ? { kind: 'cluster' } : { kind: 'company' };
        this.people.noisy(manual, p, { manual: true });
        drafts.push(manual, iface);
        break;
      }
      case 'self_registration': {
        const ifaceMs = between(rng, DEMO_NOW - 8 * YEAR, DEMO_NOW - 60 * DAY);
        const iface = this.people.interfaceDraft(p, { createdMs: ifaceMs });
        iface.birth = p.birth;
        iface.phone = p.phone;
        const self = this.people.interfaceDraft(p, { createdMs: between(rng, ifaceMs - 2 * YEAR, DEMO_NOW - 5 * DAY) });
        this.people.makeSelfRegistered(self, p);
        // Findable: the self-registration keeps the birth date or the phone number.
        if (!self.birth && !self.phone) self.birth = p.birth;
        this.people.noisy(self, p);
        drafts.push(...(self.createdMs < iface.createdMs ? [self, iface] : [iface, self]));
        break;
      }
      case 'returning_employee': {
        const oldMs = between(rng, DEMO_NOW - 15 * YEAR, DEMO_NOW - 7 * YEAR);
        const old = this.people.interfaceDraft(p, { createdMs: oldMs, status: 'inactive' });
        old.untilMs = Math.min(old.untilMs, DEMO_NOW - 2 * YEAR);
        old.lastLoginMs = old.lastLoginMs === null ? null : Math.min(old.lastLoginMs, old.untilMs);
        old.birth = p.birth;
        const returned = this.people.interfaceDraft(p, { createdMs: between(rng, DEMO_NOW - 2 * YEAR, DEMO_NOW - 10 * DAY), region: rng.chance(0.6) ? this.people.regionOf(old.unit) : undefined });
        returned.birth = rng.chance(0.9) ? p.birth : null;
        if (returned.employeeId === old.employeeId) returned.employeeId = this.emp.next(returned.client);
        returned.email = rng.chance(0.6) ? { kind: 'cluster' } : { kind: 'company' };
        this.people.noisy(returned, p);
        if (!returned.birth) {
          returned.first = p.first;
          returned.last = p.last;
        }
        drafts.push(old, returned);
        break;
      }
      case 'name_change': {
        if (p.gender === 'male' && rng.chance(0.7)) {
          p.gender = 'female';
          p.first = firstName(rng, p.locale, 'female');
        }
        const oldMs = between(rng, DEMO_NOW - 10 * YEAR, DEMO_NOW - 2 * YEAR);
        const old = this.people.interfaceDraft(p, { createdMs: oldMs, status: rng.chance(0.5) ? 'active' : 'inactive' });
        old.birth = p.birth;
        const newLast = lastName(rng, p.locale);
        const renamed: Person = { ...p, last: rng.chance(0.25) ? `${newLast}-${p.last}` : newLast };
        const fresh = this.people.interfaceDraft(renamed, {
          createdMs: between(rng, Math.max(oldMs + 180 * DAY, DEMO_NOW - 3 * YEAR), DEMO_NOW - 5 * DAY),
          unit: rng.chance(0.7) ? { unit: old.unit, client: old.client, department: old.attributes.department, city: old.attributes.location ?? '' } : undefined,
        });
        fresh.birth = p.birth;
        if (rng.chance(0.4) && fresh.client === old.client) fresh.employeeId = old.employeeId;
        if (rng.chance(0.6)) {
          old.phone = p.phone;
          fresh.phone = p.phone;
        }
        fresh.email = { kind: 'company-named', first: renamed.first, last: renamed.last };
        drafts.push(old, fresh);
        break;
      }
    }
    const cluster: Cluster = { type: 'dup', cause, expected: drafts.length, uids: [] };
    let delay = 0;
    for (const d of drafts) {
      d.shared = shared;
      this.queue.add(d, cluster, delay);
      delay += rng.int(1, 1500);
    }
    this.dupUsers += drafts.length;
  }

  private scheduleHardNegative(): void {
    const rng = this.rng;
    const kinds: HardNegativeKind[] = ['namesake', 'namesake_same_birth_date', 'family_shared_email'];
    const kind: HardNegativeKind = this.negCount < kinds.length ? kinds[this.negCount]! : rng.weighted([['namesake', 45], ['namesake_same_birth_date', 25], ['family_shared_email', 30]] as const);
    this.negCount++;
    const locale: Locale = rng.chance(0.75) ? 'de' : 'en';
    const drafts: Draft[] = [];
    if (kind === 'family_shared_email') {
      const a = this.people.person(locale);
      const b = this.people.person(locale);
      b.last = a.last;
      if (b.first === a.first) b.first = firstName(rng, locale, a.gender === 'female' ? 'male' : 'female');
      if (b.first === a.first) b.first = `${b.first}a`;
      const gap = rng.chance(0.5) ? rng.int(1, 6) : rng.int(22, 32);
      const [y, m, d] = a.birth.split('-').map(Number) as [number, number, number];
      b.birth = `${y! + gap}-${pad2(((m! + 4) % 12) + 1)}-${pad2(Math.min(28, ((d! + 9) % 28) + 1))}`;
      const shared = `${rng.pick(['familie', 'family', 'fam'])}.${transliterate(a.last).toLowerCase()}${rng.chance(0.5) ? rng.int(1, 99) : ''}@${rng.pick(['web.de', 'gmx.de', 'gmail.com', 't-online.de'])}`;
      for (const p of [a, b]) {
        const d = this.people.interfaceDraft(p, { createdMs: between(rng, DEMO_NOW - 6 * YEAR, DEMO_NOW - 5 * DAY) });
        this.people.makeSelfRegistered(d, p);
        d.birth = p.birth;
        d.email = { kind: 'fixed', value: shared };
        d.loginFrom = drafts.length === 0 ? { kind: 'email', email: shared } : { kind: 'name', first: p.first, last: p.last };
        drafts.push(d);
      }
    } else {
      const gender: Gender = rng.chance(0.5) ? 'female' : 'male';
      const name = commonName(rng, locale, gender);
      const a: Person = { ...this.people.person(locale), gender, first: name.first, last: name.last };
      const b: Person = { ...this.people.person(locale), gender, first: name.first, last: name.last };
      if (kind === 'namesake_same_birth_date') b.birth = a.birth;
      else if (b.birth === a.birth) b.birth = `${Number(a.birth.slice(0, 4)) - 3}${a.birth.slice(4)}`;
      const da = this.people.interfaceDraft(a, { createdMs: between(rng, DEMO_NOW - 10 * YEAR, DEMO_NOW - 5 * DAY) });
      const regionA = this.people.regionOf(da.unit);
      const db = this.people.interfaceDraft(b, { createdMs: between(rng, DEMO_NOW - 10 * YEAR, DEMO_NOW - 5 * DAY), region: (regionA + rng.int(1, 3)) % 4 });
      da.birth = a.birth;
      db.birth = b.birth;
      drafts.push(da, db);
    }
    const cluster: Cluster = { type: 'neg', kind, expected: 2, uids: [] };
    this.queue.add(drafts[0]!, cluster, 0);
    this.queue.add(drafts[1]!, cluster, rng.int(1, 1500));
    this.negUsers += 2;
  }
}
