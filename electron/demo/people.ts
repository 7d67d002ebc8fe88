import type { Catalogue } from './catalogue';
import type { EmployeeIds } from './employee-ids';
import { firstName, hasUmlaut, lastName, phoneNumber, privateEmail, transliterate, transposeDigits, typo, type Gender, type Locale } from './names';
import type { Rng } from './rng';
import type { Draft, Person } from './types';
import { between, DEMO_NOW, DAY, YEAR, ymd } from './values';

/** A team (leaf org unit) an account is placed in. */
export type Leaf = { unit: number; client: number; department: string; city: string };

/**
 * People and their accounts: invents a person, drafts an account of them (interface,
 * manual or self-registered), and adds the realistic differences of a second account.
 * Draws from the main random stream, in the order the callers ask.
 */
export class People {
  private readonly unitRegion = new Map<number, number>();

  constructor(
    private readonly rng: Rng,
    private readonly cat: Catalogue,
    private readonly emp: EmployeeIds,
    /** The hash of a password nobody knows, for accounts that log in with a password. */
    private readonly lockedHash: string,
  ) {
    for (const l of cat.leaves) this.unitRegion.set(l.id, l.region);
  }

  person(locale?: Locale): Person {
    const rng = this.rng;
    const loc: Locale = locale ?? (rng.chance(0.72) ? 'de' : 'en');
    const gender: Gender = rng.chance(0.5) ? 'female' : 'male';
    return {
      locale: loc,
      gender,
      first: firstName(rng, loc, gender),
      last: lastName(rng, loc),
      birth: ymd(Date.UTC(1958, 0, 1) + Math.floor(rng.next() * 46 * YEAR)),
      phone: phoneNumber(rng, loc),
    };
  }

  leaf(region?: number): Leaf {
    const rng = this.rng;
    const c = this.cat;
    const idx = region === undefined ? rng.int(0, c.leaves.length - 1) : rng.pick(c.leavesByRegion[region]!);
    const l = c.leaves[idx]!;
    return { unit: l.id, client: l.client, department: l.department, city: l.city };
  }

  regionOf(unit: number): number {
    return this.unitRegion.get(unit) ?? 0;
  }

  /** An interface account of a person, in a random (or given) team. */
  interfaceDraft(p: Person, opts: { createdMs: number; status?: Draft['status']; region?: number; unit?: Leaf }): Draft {
    const rng = this.rng;
    const l = opts.unit ?? this.leaf(opts.region);
    const status = opts.status ?? 'active';
    const untilMs = status === 'active' ? DEMO_NOW : between(rng, opts.createdMs + 30 * DAY, DEMO_NOW - 60 * DAY);
    const lastLoginMs = rng.chance(0.9) ? between(rng, Math.max(opts.createdMs, untilMs - (status === 'active' ? 120 : 400) * DAY), untilMs) : null;
    return {
      first: p.first,
      last: p.last,
      locale: p.locale,
      birth: rng.chance(0.93) ? p.birth : null,
      employeeId: this.emp.next(l.client),
      phone: rng.chance(0.7) ? p.phone : null,
      client: l.client,
      unit: l.unit,
      origin: 'interface',
      status,
      createdMs: opts.createdMs,
      untilMs: Math.max(opts.createdMs + DAY, lastLoginMs ?? untilMs),
      lastLoginMs,
      loginFrom: { kind: 'name', first: p.first, last: p.last },
      email: { kind: 'company' },
      passwordHash: null,
      attributes: this.attributes(p.locale, l),
      historyScale: 1,
    };
  }

  private attributes(locale: Locale, l: { department: string; city: string }): Draft['attributes'] {
    const rng = this.rng;
    return {
      department: l.department,
      language: locale === 'de' ? (rng.chance(0.9) ? 'de' : 'en') : 'en',
      ...(rng.chance(0.7) ? { location: l.city } : {}),
      ...(rng.chance(0.6) ? { position: rng.pick(this.cat.jobTitles) } : {}),
    };
  }

  single(p: Person): Draft {
    const rng = this.rng;
    const origin = rng.weighted([
      ['interface', 85],
      ['manual', 10],
      ['self_registration', 5],
    ] as const);
    const status = rng.weighted([
      ['active', 90],
      ['inactive', 6],
      ['deleted', 2.5],
      ['anonymised', 1.5],
    ] as const);
    const createdMs = between(rng, DEMO_NOW - 12 * YEAR, DEMO_NOW - 5 * DAY);
    const d = this.interfaceDraft(p, { createdMs, status: status === 'active' ? 'active' : 'inactive' });
    d.status = status;
    if (origin === 'manual') {
      d.origin = 'manual';
      if (rng.chance(0.6)) d.employeeId = null;
      if (rng.chance(0.4)) d.birth = null;
      d.passwordHash = this.lockedHash;
    } else if (origin === 'self_registration') {
      this.makeSelfRegistered(d, p);
    }
    if (status === 'anonymised') {
      d.first = 'Anonymised';
      d.last = 'User';
      d.birth = null;
      d.phone = null;
      d.employeeId = null;
      d.email = { kind: 'fixed', value: null };
      d.loginFrom = { kind: 'name', first: 'anonymised', last: 'user' };
      d.historyScale = 0.5;
    }
    return d;
  }

  makeSelfRegistered(d: Draft, p: Person): void {
    const rng = this.rng;
    const mail = privateEmail(rng, p.first, p.last);
    d.origin = 'self_registration';
    d.employeeId = null;
    d.unit = this.cat.selfRegistrationUnit;
    d.email = { kind: 'fixed', value: mail };
    d.loginFrom = { kind: 'email', email: mail };
    d.passwordHash = this.lockedHash;
    d.phone = rng.chance(0.5) ? p.phone : null;
    if (rng.chance(0.4)) d.birth = null;
  }

  /** Realistic differences in a second account of the same person; never so many that nothing is left to match. */
  noisy(d: Draft, p: Person, opts: { manual?: boolean } = {}): void {
    const rng = this.rng;
    const r = rng.next() * (opts.manual ? 0.8 : 1);
    let first = p.first;
    let last = p.last;
    let nameIntact = false;
    if (r < 0.3 && hasUmlaut(first + last)) {
      first = transliterate(first);
      last = transliterate(last);
    } else if (r < 0.42) {
      if (rng.chance(0.6)) last = typo(rng, last);
      else first = typo(rng, first);
    } else if (r < 0.47) {
      [first, last] = [last, first];
    } else if (r < 0.55) {
      if (rng.chance(0.5)) last = last.toUpperCase();
      else {
        first = first.toLowerCase();
        last = last.toLowerCase();
      }
    } else {
      nameIntact = true;
    }
    d.first = first;
    d.last = last;
    if (d.loginFrom.kind === 'name') d.loginFrom = { kind: 'name', first, last };
    // A transposed day and month only where everything else is clean.
    if (nameIntact && d.birth && rng.chance(0.06)) {
      const [y, m, day] = d.birth.split('-');
      if (Number(day) <= 12 && day !== m) d.birth = `${y}-${day}-${m}`;
    }
    if (d.phone && rng.chance(0.12)) d.phone = transposeDigits(rng, d.phone);
  }
}
