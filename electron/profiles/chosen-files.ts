import path from 'node:path';
import type { Profile } from '@shared/profiles';
import { UserInputError } from '../errors';

export type FilePurpose = 'mapping' | 'sqlite';

/** The main process's own file dialog (Electron's in the app; a stub returning a real file in tests). */
export interface FileDialogs {
  chooseFile(purpose: FilePurpose): Promise<string | null>;
}

type ProfileFields = Pick<Profile, 'connection' | 'mappingFile'>;

const filesOf = (p: ProfileFields | undefined): [FilePurpose, string | undefined][] => [
  ['sqlite', p?.connection.kind === 'sqlite' ? p.connection.file : undefined],
  ['mapping', p?.mappingFile],
];

/**
 * The renderer may not make the main process open a path of its choosing: a profile's
 * SQLite file and mapping file are opened without asking, so a new or changed path is
 * accepted only when this process's own dialog returned it. Paths already saved in the
 * profile stay as they are.
 */
export class ChosenFiles {
  private readonly chosen = new Set<string>();

  constructor(private readonly dialogs: FileDialogs | undefined) {}

  /** Opens the dialog; the path it returns may then be saved in a profile (and is shown to the user). */
  async choose(purpose: FilePurpose): Promise<string | null> {
    if (!this.dialogs) throw new UserInputError('This window cannot open a file dialog.', 'Start MergeDesk as the desktop app to choose files.', 'NO_DIALOG');
    const file = await this.dialogs.chooseFile(purpose);
    if (!file) return null;
    const resolved = path.resolve(file);
    this.chosen.add(`${purpose}:${resolved}`);
    return resolved;
  }

  /** Refuses a profile whose SQLite or mapping file is new and did not come from the dialog. */
  assertChosen(next: ProfileFields, saved: ProfileFields | undefined): void {
    const before = new Map(filesOf(saved));
    for (const [purpose, file] of filesOf(next)) {
      if (file === undefined || file === before.get(purpose) || this.chosen.has(`${purpose}:${file}`)) continue;
      throw new UserInputError(
        `The ${purpose === 'sqlite' ? 'SQLite file' : 'mapping file'} ${file} was not chosen in MergeDesk's file dialog.`,
        `Click "Browse…" next to "${purpose === 'sqlite' ? 'File' : 'Mapping file'}" and choose the file there.`,
        'PATH_NOT_CHOSEN',
      );
    }
  }
}
