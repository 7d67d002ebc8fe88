import cliProgress from 'cli-progress';
import { OperationalError, UserInputError } from '../errors';
import { redactSecrets } from '../security/redact';
import type { Language } from '@shared/i18n/languages';
import { EXIT } from './exit-codes';

export interface Progress {
  update(done: number, total?: number, phase?: string): void;
  stop(): void;
}

/**
 * Everything the CLI prints goes through here: human text or one JSON document on
 * stdout, progress bars on stderr only when it is a terminal.
 */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr,
    /** The language of the run (--lang, else the locale): its logfiles and workbooks are written in it. */
    readonly language: Language = 'en',
  ) {}

  /** A line for people; suppressed in --json mode so stdout stays parseable. */
  line(text = ''): void {
    if (!this.json) this.stdout.write(`${text}\n`);
  }

  /** A note on stderr (warnings, hints) that never mixes with --json output. */
  note(text: string): void {
    this.stderr.write(`${redactSecrets(text)}\n`);
  }

  data(value: unknown): void {
    if (this.json) this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  progress(label: string): Progress {
    const tty = 'isTTY' in this.stderr && this.stderr.isTTY;
    if (this.json || !tty) return { update() {}, stop() {} };
    const started = Date.now();
    let bar: cliProgress.SingleBar | undefined;
    return {
      update: (done, total, phase) => {
        // Only work that takes longer than a second earns a bar.
        if (!bar && Date.now() - started < 1000) return;
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { stream: this.stderr as NodeJS.WriteStream, format: `${label} [{bar}] {percentage}% | {value}/{total} | {phase} | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total ?? done, done, { phase: phase ?? '' });
        }
        if (total !== undefined) bar.setTotal(total);
        bar.update(done, { phase: phase ?? '' });
      },
      stop: () => bar?.stop(),
    };
  }

  /** Prints an error the way the mode asks for and returns the exit code it maps to. */
  error(err: unknown): number {
    const code = err instanceof UserInputError ? EXIT.refused : EXIT.failed;
    const e = err instanceof UserInputError || err instanceof OperationalError ? err : undefined;
    const message = redactSecrets(e ? `${e.problem} ${e.fix}` : err instanceof Error ? err.message : String(err));
    if (this.json) {
      this.stdout.write(`${JSON.stringify({ error: { code: e?.code ?? 'FAILED', message } }, null, 2)}\n`);
    } else {
      this.stderr.write(`Error: ${message}\n`);
      if (!e && err instanceof Error && process.env.MERGEDESK_DEBUG) this.stderr.write(`${redactSecrets(err.stack ?? '')}\n`);
    }
    return code;
  }
}
