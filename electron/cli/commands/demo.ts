import fs from 'node:fs';
import type { Command } from 'commander';
import { describeConnection } from '../../db/connection-url';
import { UserInputError } from '../../errors';
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_USERS, resolveDatabase, withDatabase, type DbOptions } from '../context';
import { formatNumber } from '@shared/i18n/format';
import type { Output } from '../output';

interface DemoOptions extends DbOptions {
  users: string;
  seed: string;
  truth?: string;
  replace?: boolean;
}

function positiveInt(value: string, name: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UserInputError(`${name} "${value}" is not a whole number from 1 to ${max.toLocaleString('en')}.`, `Pass e.g. ${name} 5000.`);
  }
  return n;
}

export function registerDemo(program: Command, out: Output): void {
  program
    .command('demo')
    .description('Create a demo LMS database with planted duplicate accounts')
    .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database in your user data folder)')
    .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
    .option('--users <n>', 'number of users', String(DEFAULT_DEMO_USERS))
    .option('--seed <s>', 'random seed; the same seed gives the same database', String(DEFAULT_DEMO_SEED))
    .option('--truth <file.csv>', 'write the planted duplicate pairs (uid_a,uid_b,cause) to this CSV file')
    .option('--replace', 'delete an existing SQLite demo file first')
    .option('--json', 'machine-readable output')
    .action(async (opts: DemoOptions) => {
      const users = positiveInt(opts.users, '--users', 10_000_000);
      const seed = positiveInt(opts.seed, '--seed', 2 ** 31 - 1);
      const { connection } = resolveDatabase(opts.db);
      if (opts.replace) {
        if (connection.kind !== 'sqlite') throw new UserInputError('--replace only deletes SQLite files.', 'Drop the server database yourself, or leave out --replace.');
        for (const f of [connection.file, `${connection.file}-wal`, `${connection.file}-shm`]) fs.rmSync(f, { force: true });
      }
      await withDatabase(
        { ...opts, db: opts.db ?? (connection.kind === 'sqlite' ? `sqlite:${connection.file}` : undefined) },
        out,
        async (db, mapping) => {
          // Loaded on demand: the fake-data library is large and only this command needs it.
          const { generateDemo, writeTruthCsv } = await import('../../demo/index');
          const progress = out.progress(out.t('progress.generating'));
          const result = await generateDemo(db, mapping, { users, seed, onProgress: (p) => progress.update(p.done, p.total, p.phase) });
          progress.stop();
          if (opts.truth) writeTruthCsv(opts.truth, result.plantedPairs);
          out.data({
            database: describeConnection(connection),
            users: result.users,
            plantedPairs: result.plantedPairs.length,
            hardNegatives: result.hardNegatives.length,
            seconds: result.seconds,
            truth: opts.truth ?? null,
            admins: result.admins.map(({ login, description }) => ({ login, description })),
          });
          const t = out.t;
          out.line(t('demo.ready', { database: describeConnection(connection) }));
          out.line(t('demo.generated', { users: formatNumber(result.users, out.language), pairs: result.plantedPairs.length, seconds: formatNumber(result.seconds, out.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) }));
          if (opts.truth) out.line(t('demo.truth', { file: opts.truth }));
          out.line();
          out.line(t('demo.signInAs'));
          for (const a of result.admins) out.line(t('demo.admin', { login: a.login.padEnd(12), password: a.password, description: a.description }));
          out.line();
          out.line(t('demo.next'));
        },
        { createDemoIfMissing: false, createFile: true, checkSchema: false },
      );
    });
}
