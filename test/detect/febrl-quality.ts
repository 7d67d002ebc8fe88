/**
 * Detection quality on a FEBRL-style CSV (the public record-linkage benchmark's person
 * records): each record becomes one LMS user (uid = rec_id, given name and surname,
 * date of birth, soc_sec_id as employee ID, no e-mail, one org unit, all interface and
 * active), the address parts user attributes. Two records are one person when their
 * rec_ids share the number (rec-17-org, rec-17-dup-0, …): every pair among them.
 *
 *   npx tsx test/detect/febrl-quality.ts FILE.csv [FILE.csv …] [--verbose]
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { measure, printMeasure, type PlainUser, type TruePair } from './load-users';

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!files.length) {
  console.error('Usage: npx tsx test/detect/febrl-quality.ts FILE.csv [FILE.csv …] [--verbose]');
  process.exit(2);
}

/** yyyymmdd → yyyy-mm-dd when it is a real date; null otherwise. */
function isoDate(v: string): string | null {
  if (!/^\d{8}$/.test(v)) return null;
  const d = `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
  const t = new Date(`${d}T00:00:00Z`);
  return Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== d ? null : d;
}

for (const file of files) {
  const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true, trim: true, skip_empty_lines: true }) as Record<string, string>[];
  const users: PlainUser[] = rows.map((r, i) => ({
    uid: r.rec_id!,
    login: `user${i + 1}`,
    email: null,
    first_name: r.given_name ?? '',
    last_name: r.surname ?? '',
    birth_date: isoDate(r.date_of_birth ?? ''),
    employee_id: r.soc_sec_id || null,
    phone: null,
    org_unit_id: 1,
    origin: 'interface',
    status: 'active',
    created_at: new Date('2020-01-01T00:00:00Z'),
    attributes: {
      street: [r.street_number, r.address_1].filter(Boolean).join(' ') || null,
      address_2: r.address_2 || null,
      suburb: r.suburb || null,
      postcode: r.postcode || null,
      state: r.state || null,
    },
  }));
  const byPerson = new Map<string, string[]>();
  for (const u of users) {
    const person = u.uid.split('-')[1]!;
    byPerson.set(person, [...(byPerson.get(person) ?? []), u.uid]);
  }
  const truth: TruePair[] = [];
  const dob = new Map(users.map((u) => [u.uid, u.birth_date]));
  for (const list of byPerson.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        truth.push({ uid_a: list[x]!, uid_b: list[y]!, cause: 'hr_multiple_records', dobMissing: !dob.get(list[x]!) || !dob.get(list[y]!) });
      }
    }
  }
  const r = await measure([{ id: 1, parent_id: null, name: 'All' }], users, truth);
  printMeasure(file, r, process.argv.includes('--verbose'));
}
