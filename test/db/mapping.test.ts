import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LmsMapping, loadMapping, validateMappingFile } from '../../electron/db/mapping';
import { UserInputError } from '../../electron/errors';
import { tempDir } from '../helpers/databases';

const file = {
  tables: {
    users: { name: 'LS_PERSON', columns: { uid: 'PERSON_UID', status: 'STATE' }, values: { status: { active: 'A', inactive: 'I' } } },
    enrolments: { values: { status_id: { '11': 110 } } },
  },
};

describe('table mapping', () => {
  it('keeps reference names for everything the file does not name', () => {
    const m = new LmsMapping(validateMappingFile(file));
    expect(m.table('users')).toBe('LS_PERSON');
    expect(m.col('users', 'uid')).toBe('PERSON_UID');
    expect(m.col('users', 'login')).toBe('login');
    expect(m.table('courses')).toBe('courses');
    expect(m.qcol('users', 'status')).toBe('LS_PERSON.STATE');
    expect(m.select('users', ['uid', 'login'])).toEqual({ uid: 'PERSON_UID', login: 'login' });
    expect(m.isReference()).toBe(false);
    expect(new LmsMapping().isReference()).toBe(true);
  });

  it('translates enumerated values both ways', () => {
    const m = new LmsMapping(validateMappingFile(file));
    expect(m.value('users', 'status', 'active')).toBe('A');
    expect(m.value('users', 'status', 'deleted')).toBe('deleted');
    expect(m.toDbRow('users', { uid: 'u1', status: 'inactive' })).toEqual({ PERSON_UID: 'u1', STATE: 'I' });
    expect(m.fromDbRow('users', { uid: 'u1', status: 'I' })).toEqual({ uid: 'u1', status: 'inactive' });
    expect(m.value('enrolments', 'status_id', 11)).toBe(110);
    expect(m.logicalValue('enrolments', 'status_id', 110)).toBe(11);
  });

  const bad: [string, unknown, RegExp][] = [
    ['an unknown table', { tables: { persons: { name: 'x' } } }, /unknown table "persons"/],
    ['an unknown column', { tables: { users: { columns: { surname: 'x' } } } }, /unknown column "users.surname"/],
    ['two columns on one name', { tables: { users: { columns: { first_name: 'name', last_name: 'NAME' } } } }, /both map to "name"/],
    ['values for a free-text column', { tables: { users: { values: { email: { a: 'b' } } } } }, /has no enumerated values/],
    ['an unknown value', { tables: { users: { values: { status: { gone: 'G' } } } } }, /unknown value "gone"/],
    ['a misspelt key', { tabels: {} }, /malformed/],
    ['two tables on one name', { tables: { users: { name: 'courses' } } }, /two tables map to the same/],
  ];
  for (const [what, raw, message] of bad) {
    it(`rejects ${what} with a message naming it`, () => {
      expect(() => validateMappingFile(raw)).toThrowError(UserInputError);
      expect(() => validateMappingFile(raw)).toThrowError(message);
    });
  }

  it('reads a mapping file and names a missing or broken one', () => {
    const dir = tempDir();
    const good = path.join(dir, 'map.json');
    fs.writeFileSync(good, JSON.stringify(file));
    expect(loadMapping(good).table('users')).toBe('LS_PERSON');
    expect(() => loadMapping(path.join(dir, 'nope.json'))).toThrowError(/cannot be read/);
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"tables": ');
    expect(() => loadMapping(broken)).toThrowError(/not valid JSON/);
  });
});

describe('a mapping file that is not valid JSON', () => {
  it('names the place of the mistake, never the text of the file', async () => {
    const { loadMapping: load } = await import('../../electron/db/mapping');
    const fsMod = await import('node:fs');
    const osMod = await import('node:os');
    const pathMod = await import('node:path');
    const file = pathMod.join(fsMod.mkdtempSync(pathMod.join(osMod.tmpdir(), 'mergedesk-map-')), 'm.json');
    fsMod.writeFileSync(file, '{\n  "tables": {"users": "password=Hunter22" \n  oops }');
    let message = '';
    try {
      load(file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/is not valid JSON \(line 3, column 3\)/);
    expect(message).not.toMatch(/Hunter22|oops|tables/);
  });
});
