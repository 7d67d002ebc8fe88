import { z } from 'zod';
import { channel } from './define';

/** The SQL Server fields of a connection profile, filled in from the LMS's own connection string. */
export interface ConnectionStringFields {
  host: string;
  port: number | null;
  instance: string | null;
  database: string;
  user: string;
  domain: string | null;
  encrypt: boolean;
  trustServerCertificate: boolean;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /**
   * The password the user just pasted with the string (so the form's password field can
   * take it); null when the string has none. A stored password never comes back.
   */
  password: string | null;
}

export const connectionStringChannels = {
  /** Parses an ADO.NET connection string in the main process, with the CLI's messages. */
  parseConnectionString: channel(z.object({ text: z.string().trim().min(1, 'Paste the connection string.').max(4000) }).strict()).returns<ConnectionStringFields>(),
};
