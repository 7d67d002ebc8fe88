/**
 * A second noise model, independent of the demo generator: a company whose people come
 * from short name lists (many namesakes, often in one org unit), with about 6 % duplicate
 * accounts over the five causes, and the noise that makes them hard to find:
 *
 *  - hr_multiple_records   a second current HR record (new employee ID) in a unit nearby
 *  - manual_before_interface  typed by hand weeks earlier: often no birth date, no or a
 *                          mistyped employee ID (one digit), names typed with errors or swapped
 *  - self_registration     private e-mail as login, no employee ID, often no birth date,
 *                          default org unit, lower-case names
 *  - returning_employee    the old, inactive account with another employee ID
 *  - name_change           a new surname (marriage), often the same employee ID
 *
 * Everywhere: nicknames for first names, one-digit typos in birth dates, the home address
 * (street, postcode, city) and department as user attributes.
 *
 *   generatePopulation(users, seed) → { units, users, truth }
 */
import type { DuplicateCause } from '@shared/causes';
import type { OrgUnit, PlainUser } from './load-users';

const FIRST = (
  'Anna Maria Julia Laura Sarah Lisa Katharina Lena Sophie Lea Hannah Johanna Christina Sandra Nicole Stefanie Melanie Sabine Petra Claudia ' +
  'Andrea Monika Susanne Birgit Karin Jana Nina Eva Carina Miriam Emma Mia Clara Paula Alina Vanessa Jessica Jennifer Tanja Heike ' +
  'Thomas Michael Andreas Stefan Christian Markus Daniel Martin Peter Alexander Tobias Jan Sebastian Matthias Frank Jens Florian Lukas Jonas Felix ' +
  'Maximilian Paul David Simon Philipp Benjamin Patrick Dominik Julian Kevin Marco Oliver Uwe Jürgen Wolfgang Klaus Dieter Bernd Ralf Holger ' +
  'Mehmet Ahmet Ali Fatma Ayse Elif Murat Can Emre Zeynep Piotr Anna-Lena Hans-Peter Karl-Heinz José Ana Luca Giulia Ivan Olga'
).split(' ');
const LAST = (
  'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann ' +
  'Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber ' +
  'Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz ' +
  'Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich ' +
  'Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer ' +
  'Yılmaz Kaya Demir Şahin Çelik Nowak Kowalski Wiśniewski Rossi Russo Garcia Martinez Ivanov Petrov Smith Jones Nguyen Tran Dubois Novak'
).split(' ');
const NICK: Record<string, string> = {
  Alexander: 'Alex', Christian: 'Chris', Michael: 'Micha', Maximilian: 'Max', Katharina: 'Kathi', Johanna: 'Hanna', Stefanie: 'Steffi',
  Sebastian: 'Basti', Tobias: 'Tobi', Benjamin: 'Ben', Dominik: 'Dome', Andreas: 'Andi', Matthias: 'Matze', Daniel: 'Dani', Christina: 'Tina',
  'Hans-Peter': 'Hans', 'Karl-Heinz': 'Karl', 'Anna-Lena': 'Anna', Jennifer: 'Jenny', Susanne: 'Susi',
};
const STREETS = 'Haupt Bahnhof Garten Schul Kirch Berg Wald Ring Linden Birken Eichen Rosen Mühlen Park Feld Dorf Wiesen Sonnen Tal Burg'.split(' ');
const CITIES = 'Köln Bonn Düsseldorf Essen Dortmund Aachen Münster Hamburg Berlin München Stuttgart Frankfurt Leipzig Dresden Hannover'.split(' ');

/** mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(list: T[]) => list[Math.floor(next() * list.length)]!,
    /** Zipf-like: early entries much more often (many namesakes). */
    zipf: <T>(list: T[]) => list[Math.floor(list.length * next() ** 2.2)]!,
  };
}
type Rng = ReturnType<typeof rng>;

export interface PopulationTruth {
  uid_a: string;
  uid_b: string;
  cause: DuplicateCause;
  /** One of the two accounts has no birth date. */
  dobMissing: boolean;
}

interface Person {
  first: string;
  last: string;
  dob: string;
  employeeId: string;
  unit: number;
  street: string;
  postcode: string;
  city: string;
  phone: string | null;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** One typing error: a letter replaced, dropped or two neighbours swapped. */
function typo(r: Rng, s: string): string {
  if (s.length < 4) return s;
  const i = r.int(1, s.length - 2);
  const k = r.int(0, 2);
  if (k === 0) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  if (k === 1) return s.slice(0, i) + s.slice(i + 1);
  return s.slice(0, i) + r.pick('aeinrst'.split('')) + s.slice(i + 1);
}

/** One digit replaced or two neighbouring digits swapped. */
function digitTypo(r: Rng, s: string): string {
  const i = r.int(0, s.length - 2);
  if (r.chance(0.5) && s[i] !== s[i + 1]) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  const d = String((Number(s[i]) + r.int(1, 9)) % 10);
  return s.slice(0, i) + d + s.slice(i + 1);
}

const fold = (s: string) => s.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').normalize('NFD').replace(/[^a-z]/g, '');

export function generatePopulation(total: number, seed: number, duplicateShare = 0.06) {
  const r = rng(seed);
  // Org tree: 12 divisions of 25 units; a default unit for self-registration.
  const units: OrgUnit[] = [{ id: 1, parent_id: null, name: 'Company' }, { id: 2, parent_id: 1, name: 'Self-registered' }];
  for (let d = 0; d < 12; d++) {
    const div = units.length + 1;
    units.push({ id: div, parent_id: 1, name: `Division ${d + 1}` });
    for (let u = 0; u < 25; u++) units.push({ id: units.length + 1, parent_id: div, name: `Unit ${d + 1}.${u + 1}` });
  }
  const leaf = units.filter((u) => u.name.startsWith('Unit')).map((u) => u.id);
  const users: PlainUser[] = [];
  const truth: PopulationTruth[] = [];
  const emails = new Set<string>();
  // Employee IDs: seven digits, handed out at random (not in name order).
  const ids = new Set<string>();
  const newId = () => {
    let id: string;
    do id = String(r.int(1_000_000, 9_999_999));
    while (ids.has(id));
    ids.add(id);
    return id;
  };
  // The next number to try per address base: a million users share a few thousand names,
  // and counting up from 2 each time made generating them quadratic (same addresses).
  const nextNumber = new Map<string, number>();
  const email = (first: string, last: string, domain: string) => {
    const base = `${fold(first)}.${fold(last)}`;
    const plain = `${base}@${domain}`;
    let e = plain;
    if (emails.has(e)) {
      let k = nextNumber.get(plain) ?? 2;
      while (emails.has((e = `${base}${k}@${domain}`))) k++;
      nextNumber.set(plain, k);
    }
    emails.add(e);
    return e;
  };
  const add = (u: Omit<PlainUser, 'uid' | 'login'> & { login?: string }): string => {
    const uid = `P${String(users.length + 1).padStart(7, '0')}`;
    users.push({ ...u, uid, login: u.login ?? `l${users.length + 1}` });
    return uid;
  };
  const attributes = (p: Person, unit: number) => ({ street: p.street, postcode: p.postcode, city: p.city, department: `Dept ${unit % 40}` });
  const base = (p: Person, created: Date): Omit<PlainUser, 'uid' | 'login'> => ({
    email: email(p.first, p.last, 'company.example'),
    first_name: p.first,
    last_name: p.last,
    birth_date: p.dob,
    employee_id: p.employeeId,
    phone: p.phone,
    org_unit_id: p.unit,
    origin: 'interface',
    status: 'active',
    created_at: created,
    attributes: attributes(p, p.unit),
  });

  const causes: DuplicateCause[] = ['hr_multiple_records', 'manual_before_interface', 'self_registration', 'returning_employee', 'name_change'];
  let previous: Person | null = null;
  while (users.length < total) {
    // Namesakes: one in five people shares first and last name with the previous one, often in the same unit.
    const namesake = previous !== null && r.chance(0.2);
    const p: Person = {
      first: namesake ? previous!.first : r.zipf(FIRST),
      last: namesake ? previous!.last : r.zipf(LAST),
      dob: iso(new Date(Date.UTC(r.int(1955, 2003), r.int(0, 11), r.int(1, 28)))),
      employeeId: newId(),
      unit: namesake && r.chance(0.5) ? previous!.unit : r.pick(leaf),
      street: `${r.pick(STREETS)}straße ${r.int(1, 120)}`,
      postcode: String(r.int(10000, 99999)),
      city: r.pick(CITIES),
      phone: r.chance(0.4) ? `+49 ${r.int(150, 179)} ${r.int(1000000, 9999999)}` : null,
    };
    previous = p;
    const created = new Date(Date.UTC(r.int(2008, 2024), r.int(0, 11), r.int(1, 28)));
    const original = add(base(p, created));
    if (!r.chance(duplicateShare / (1 + duplicateShare)) || users.length >= total) continue;
    const cause = r.pick(causes);
    const first = r.chance(0.1) && NICK[p.first] ? NICK[p.first]! : p.first;
    let dup: Omit<PlainUser, 'uid' | 'login'> & { login?: string };
    switch (cause) {
      case 'hr_multiple_records': {
        const sameDivision = leaf.filter((u) => Math.floor((u - 3) / 26) === Math.floor((p.unit - 3) / 26));
        const unit = r.pick(sameDivision.length ? sameDivision : leaf);
        dup = { ...base({ ...p, first, employeeId: newId(), unit }, new Date(created.getTime() + r.int(30, 900) * 86_400_000)), email: r.chance(0.5) ? null : email(p.first, p.last, 'company.example') };
        break;
      }
      case 'manual_before_interface': {
        const swapped = r.chance(0.08);
        const f = r.chance(0.2) ? typo(r, first) : first;
        const l = r.chance(0.2) ? typo(r, p.last) : p.last;
        dup = {
          ...base(p, new Date(created.getTime() - r.int(1, 90) * 86_400_000)),
          first_name: swapped ? l : f,
          last_name: swapped ? f : l,
          birth_date: r.chance(0.5) ? null : r.chance(0.1) ? iso(new Date(Date.parse(p.dob) + 86_400_000)) : p.dob,
          employee_id: r.chance(0.4) ? null : r.chance(0.3) ? digitTypo(r, p.employeeId) : p.employeeId,
          email: null,
          phone: null,
          origin: 'manual',
          attributes: r.chance(0.5) ? attributes(p, p.unit) : { department: `Dept ${p.unit % 40}` },
        };
        break;
      }
      case 'self_registration': {
        const mail = email(first, p.last + (r.chance(0.5) ? String(r.int(1, 99)) : ''), r.pick(['gmail.com', 'web.de', 'gmx.de', 'outlook.com']));
        dup = {
          ...base(p, new Date(created.getTime() + r.int(-300, 300) * 86_400_000)),
          first_name: first.toLowerCase(),
          last_name: p.last.toLowerCase(),
          birth_date: r.chance(0.5) ? null : p.dob,
          employee_id: null,
          email: mail,
          login: mail,
          phone: r.chance(0.3) ? p.phone : null,
          org_unit_id: 2,
          origin: 'self_registration',
          attributes: r.chance(0.6) ? { street: p.street, postcode: p.postcode, city: p.city } : {},
        };
        break;
      }
      case 'returning_employee':
        dup = {
          ...base({ ...p, first, employeeId: newId() }, new Date(created.getTime() - r.int(800, 3000) * 86_400_000)),
          status: 'inactive',
          email: r.chance(0.5) ? null : email(p.first, p.last, 'company.example'),
          birth_date: r.chance(0.1) ? null : p.dob,
          org_unit_id: r.chance(0.5) ? p.unit : r.pick(leaf),
          attributes: r.chance(0.5) ? attributes(p, p.unit) : { street: `${r.pick(STREETS)}weg ${r.int(1, 50)}`, postcode: String(r.int(10000, 99999)), city: r.pick(CITIES) },
        };
        break;
      case 'name_change': {
        const last = r.pick(LAST.filter((x) => x !== p.last));
        dup = {
          ...base({ ...p, last, employeeId: r.chance(0.7) ? p.employeeId : newId() }, new Date(created.getTime() + r.int(100, 2000) * 86_400_000)),
          status: r.chance(0.5) ? 'active' : 'inactive',
          birth_date: r.chance(0.1) ? null : p.dob,
        };
        break;
      }
    }
    const uid = add(dup);
    const u = users[users.length - 1]!;
    truth.push({ uid_a: original, uid_b: uid, cause, dobMissing: u.birth_date === null });
  }
  return { units, users, truth };
}
