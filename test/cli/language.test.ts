import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/databases';
import { runCli } from '../helpers/cli';
import { main } from '../../electron/cli/main';
import { cliLanguage } from '../../electron/cli/language';
import { Writable } from 'node:stream';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

describe('the command line speaks German and English', () => {
  const dir = tempDir('mergedesk-cli-lang-');
  const db = `sqlite:${path.join(dir, 'lms.db')}`;

  it('db init prints in the language asked for, and the JSON is the same in both', async () => {
    const en = await runCli('db', 'init', '--db', db, '--reference', '--lang', 'en');
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('Tool tables upgraded: 001_tool_tables');
    const de = await runCli('db', 'init', '--db', db, '--reference', '--lang', 'de');
    expect(de.code).toBe(0);
    expect(de.stdout).toContain('Tool-Tabellen bereits auf Version');
    expect(de.stdout).toContain('Referenz-LMS-Tabellen bereits vorhanden.');
    const jsonEn = (await runCli('doctor', '--db', db, '--json', '--lang', 'en')).json();
    const jsonDe = (await runCli('doctor', '--db', db, '--json', '--lang=de')).json();
    expect(jsonDe).toEqual(jsonEn);
  });

  it('takes the language from the environment when --lang is not given', async () => {
    const stdout = new Capture();
    const code = await main(['doctor', '--db', db], { stdout, stderr: new Capture(), env: { LANG: 'de_DE.UTF-8' } });
    expect(code).toBe(0);
    expect(stdout.text).toContain('Keine Probleme gefunden.');
    expect(cliLanguage(undefined, { LC_ALL: 'en_US.UTF-8', LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(cliLanguage(undefined, { MERGEDESK_LANG: 'de', LANG: 'en_GB.UTF-8' })).toBe('de');
    expect(cliLanguage('de-AT', {})).toBe('de');
  });

  it('refuses a language it does not speak, naming the ones it does, and does nothing', async () => {
    const r = await runCli('db', 'init', '--db', `sqlite:${path.join(dir, 'never.db')}`, '--lang', 'fr');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--lang "fr" is not a language MergeDesk speaks. Use --lang en or --lang de.');
    const again = await runCli('doctor', '--db', `sqlite:${path.join(dir, 'never.db')}`, '--json');
    expect(again.json().error.message).toMatch(/not found|does not exist|no such/i);
  });

  it('prints errors in German too', async () => {
    const r = await runCli('merge', '--lang', 'de', '--source', 'U1', '--target', 'U2', '--logfile', 'x.txt', '--db', db);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^Fehler: /);
  });
});
