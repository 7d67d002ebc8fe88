import { Command, CommanderError } from 'commander';
import { UserInputError } from '../errors';
import { COMMANDS } from './commands/index';
import { EXIT } from './exit-codes';
import { Output } from './output';
import { cliLanguage, languageOption } from './language';
import { isLanguage, LANGUAGES } from '@shared/i18n/languages';

export interface CliIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Where the language comes from when --lang is not given (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
}

/** Runs the `mergedesk` command line and returns the exit code (0 ok, 1 failed, 2 aborted, 3 refused). */
export async function main(argv: string[], io: CliIo = {}): Promise<number> {
  if (!io.stdout) tolerateClosedPipe(process.stdout);
  if (!io.stderr) tolerateClosedPipe(process.stderr);
  const json = argv.includes('--json');
  const lang = languageOption(argv);
  if (lang !== null && !isLanguage(lang)) {
    const out = new Output(json, io.stdout, io.stderr);
    return out.error(new UserInputError(`--lang "${lang}" is not a language MergeDesk speaks.`, `Use --lang ${LANGUAGES.join(' or --lang ')}.`, 'USAGE'));
  }
  const out = new Output(json, io.stdout, io.stderr, cliLanguage(lang, io.env));
  let exitCode: number = EXIT.ok;

  const program = new Command('mergedesk')
    .description('Find duplicate user accounts in an LMS database and merge them safely.')
    .version('0.1.0')
    .option('--lang <language>', `language of the human output, logfiles and workbooks: ${LANGUAGES.join(' or ')} (default: $MERGEDESK_LANG, then LC_ALL/LC_MESSAGES/LANG, then the system's)`)
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
