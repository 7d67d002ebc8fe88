import { Writable } from 'node:stream';
import { main } from '../../electron/cli/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json: () => any;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

/** Runs `mergedesk …` in-process with captured output, exactly as the bin script does. */
export async function runCli(...argv: string[]): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  // The tests read English output unless they ask for another language, whatever this machine's locale.
  const code = await main(argv, { stdout, stderr, env: { ...process.env, MERGEDESK_LANG: process.env.MERGEDESK_LANG ?? 'en' } });
  return { code, stdout: stdout.text, stderr: stderr.text, json: () => JSON.parse(stdout.text) };
}
