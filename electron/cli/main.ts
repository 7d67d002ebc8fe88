import { Command, CommanderError } from 'commander';
import { UserInputError } from '../errors';
import { COMMANDS } from './commands/index';
import { EXIT } from './exit-codes';
import { isLanguage } from '@shared/i18n/languages';
import { cliLanguage } from './language';
import { Output } from './output';

export interface CliIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** Runs the `mergedesk` command line and returns the exit code (0 ok, 1 failed, 2 aborted, 3 refused). */
export async function main(argv: string[], io: CliIo = {}): Promise<number> {
  if (!io.stdout) tolerateClosedPipe(process.stdout);
  if (!io.stderr) tolerateClosedPipe(process.stderr);
  const json = argv.includes('--json');
  // Read before parsing, like --json: the language is needed while commands are registered and run.
  const lang = langArgument(argv);
  const out = new Output(json, io.stdout, io.stderr, cliLanguage(lang));
  if (lang !== null && !isLanguage(lang.trim().toLowerCase().split(/[-_.]/)[0])) {
    return out.error(new UserInputError(`--lang "${lang}" is not a language MergeDesk speaks.`, 'Pass --lang de (German) or --lang en (English).', 'USAGE'));
  }
  let exitCode: number = EXIT.ok;

  const program = new Command('mergedesk')
    .description('Find duplicate user accounts in an LMS database and merge them safely.')
    .version('0.1.0')
    .option('--lang <language>', 'language of the output, logfiles and workbooks: de or en (default: LC_ALL/LC_MESSAGES/LANG, then the system locale)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => (io.stdout ?? process.stdout).write(s),
      writeErr: (s) => (io.stderr ?? process.stderr).write(s),
    })
    .showHelpAfterError('(run "mergedesk help <command>" for its options)');

  for (const register of COMMANDS) {
    register(program, out, (code) => {
      exitCode = code;
    });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      // Bad arguments are refused input: nothing was done.
      if (json) out.error(new UserInputError(err.message.replace(/^error: /, ''), 'Run "mergedesk help" for the usage.', 'USAGE'));
      return EXIT.refused;
    }
    return out.error(err);
  }
  return exitCode;
}

/** The value of --lang (`--lang de` or `--lang=de`), anywhere on the command line. */
function langArgument(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--lang') return argv[i + 1] ?? null;
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return null;
}

/**
 * `mergedesk … | head`: when the reader closes the pipe, the rest of the output has nowhere
 * to go. That is no failure of the command (a merge may have committed): the output is
 * dropped quietly and the exit code still tells the outcome, instead of an EPIPE stack trace.
 */
const tolerating = new WeakSet<NodeJS.WriteStream>();
function tolerateClosedPipe(stream: NodeJS.WriteStream): void {
  if (tolerating.has(stream)) return;
  tolerating.add(stream);
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}
