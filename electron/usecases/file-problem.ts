/** Why a file could not be written, in plain words with the system's code (never a stack). */
export function describeFileProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why: Record<string, string> = {
    ENOENT: 'the folder does not exist',
    ENOTDIR: 'a part of the path is not a folder',
    EACCES: 'there is no permission to write there',
    EPERM: 'there is no permission to write there',
    EROFS: 'the drive is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EBUSY: 'the file is locked (open in Excel?)',
    EISDIR: 'a folder has that name',
    EEXIST: 'a file is in the way of the folder',
  };
  if (code && why[code]) return `${why[code]} (${code})`;
  return code ? `it could not be written (${code})` : 'it could not be written';
}

/** Writes a logfile; a failure becomes a warning naming the file and the problem, never a failed run. */
export async function writeOrWarn(where: () => string, write: (file: string) => Promise<void>, recreate: string): Promise<{ logfile: string | null; warning: string | null }> {
  let file: string | null = null;
  try {
    file = where();
    await write(file);
    return { logfile: file, warning: null };
  } catch (err) {
    return { logfile: null, warning: `The logfile could not be written${file ? ` to ${file}` : ''}: ${describeFileProblem(err)}. Make it again with: ${recreate}` };
  }
}
