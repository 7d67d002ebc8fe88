import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { browserUnavailableReason, expectAccessible, isolatedDeps, launchApp, signInThroughUi, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;

interface Person {
  first_name: string;
  last_name: string;
  birth_date: string;
  accounts: { uid: string; inRegion: boolean }[];
}

/** Accounts that share first name, last name and birth date (duplicates or look-alikes), with where they lie for hr.north. */
async function lookAlikes(db: Knex): Promise<Person[]> {
  const region = [Number((await db('users').where('login', 'hr.north').first()).org_unit_id)];
  for (let i = 0; i < region.length; i++) region.push(...(await db('org_units').where('parent_id', region[i]).pluck('id')).map(Number));
  const rows = await db('users')
    .select('uid', 'first_name', 'last_name', 'birth_date', 'org_unit_id')
    .where('is_admin', false)
    .whereIn('status', ['active', 'inactive'])
    .whereNotNull('birth_date')
    .orderBy('id');
  const groups = new Map<string, Person>();
  for (const r of rows) {
    const key = `${r.first_name}|${r.last_name}|${r.birth_date}`;
    const g: Person = groups.get(key) ?? { first_name: r.first_name, last_name: r.last_name, birth_date: String(r.birth_date), accounts: [] };
    g.accounts.push({ uid: r.uid, inRegion: region.includes(Number(r.org_unit_id)) });
    groups.set(key, g);
  }
  return [...groups.values()].filter((g) => g.accounts.length >= 2);
}

describe.skipIf(noBrowser)('desktop app in Chromium: Find person', () => {
  let app: AppUnderTest;
  let people: Person[];
  beforeAll(async () => {
    app = await launchApp(await isolatedDeps(), { language: 'en' });
    await signInThroughUi(app.page, 'hr.north');
    people = await lookAlikes(app.handlers.session.requireDb().db);
  }, 180_000);
  afterAll(async () => app?.close());

  const typePerson = async (p: Person) => {
    const { page } = app;
    // By keyboard, as an admin types: field to field with Tab (which selects what was there).
    await page.getByRole('textbox', { name: /^First name/ }).focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(p.first_name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(p.last_name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(p.birth_date);
  };
  const listed = () => app.page.getByRole('list', { name: 'Possible matches' });

  it('searches as the admin types: accounts outside the clearance are counted, never shown', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Find person' }).click();
    await page.getByRole('heading', { name: 'Find person' }).waitFor();
    await page.getByText(/[\d,]+ accounts are searched\./).waitFor({ timeout: 120_000 });

    const outside = people.find((p) => p.accounts.every((a) => !a.inRegion))!;
    await typePerson(outside);
    const notice = page.getByText(/^\d+ more match(es)? outside your clearance: ask a system administrator\.$/);
    await notice.waitFor({ timeout: 30_000 });
    expect(Number((await notice.innerText()).split(' ')[0])).toBeGreaterThanOrEqual(outside.accounts.length);
    for (const a of outside.accounts) expect(await page.getByText(a.uid).count()).toBe(0);
  });

  it('lists the account it may see with score and reasons beside the notice (screenshot, English)', async () => {
    const { page } = app;
    const both = people.find((p) => p.accounts.some((a) => a.inRegion) && p.accounts.some((a) => !a.inRegion))!;
    await typePerson(both);
    const inside = both.accounts.find((a) => a.inRegion)!;
    const card = listed().getByRole('listitem').filter({ hasText: inside.uid });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.innerText()).toMatch(/Score 0\.\d{3}|Score 1\.000/);
    expect(await card.innerText()).toContain('Last name: same (+');
    expect(await card.innerText()).toContain('Date of birth: same (+');
    for (const a of both.accounts.filter((x) => !x.inRegion)) expect(await page.getByText(a.uid).count()).toBe(0);
    await page.getByText(/more match(es)? outside your clearance/).waitFor();
    await app.screenshot('lookup-en');
    await expectAccessible(page, 'find person (en)');
  });

  it('speaks German after the switch (screenshot, German)', async () => {
    const { page } = app;
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await page.getByRole('heading', { name: 'Person suchen' }).waitFor();
    await page.getByText(/^\d+ weitere Übereinstimmungen? außerhalb Ihrer Berechtigung: Wenden Sie sich an einen Systemadministrator\.$/).waitFor();
    const card = page.getByRole('list', { name: 'Mögliche Übereinstimmungen' }).getByRole('listitem').first();
    expect(await card.innerText()).toMatch(/Bewertung \d,\d{3}/);
    expect(await card.innerText()).toContain('Nachname: gleich (+');
    expect(await page.getByRole('textbox', { name: /^Geburtsdatum/ }).count()).toBe(1);
    await app.screenshot('lookup-de');
    await expectAccessible(page, 'find person (de)');
    // A date that cannot be compared is named in the field, in German.
    await page.getByRole('textbox', { name: /^Geburtsdatum/ }).fill('31.02.');
    await page.getByText('Schreiben Sie das Datum als TT.MM.JJJJ oder JJJJ-MM-TT, z. B. 03.04.1985.').waitFor();
    await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
  });
});
