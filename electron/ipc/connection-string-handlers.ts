import { looksLikeConnectionString, parseAdoConnectionString } from '../db/ado-connection-string';
import { UserInputError } from '../errors';
import type { ConnectionStringFields } from '@shared/ipc/connection-string-channels';

/** The profile editor's "Fill in from connection string": the same parser as --db. */
export function createConnectionStringHandlers() {
  return {
    async parseConnectionString({ text }: { text: string }): Promise<ConnectionStringFields> {
      if (!looksLikeConnectionString(text)) {
        throw new UserInputError('This is not a connection string.', 'Paste it as found in the LMS configuration, e.g. Server=sql01\\LEARN;Database=LMS;User Id=…;Password=….', 'DB_URL_INVALID');
      }
      const c = parseAdoConnectionString(text);
      return {
        host: c.host,
        port: c.port ?? null,
        instance: c.instance ?? null,
        database: c.database,
        user: c.auth.user,
        domain: c.auth.type === 'ntlm' ? c.auth.domain : null,
        encrypt: c.encrypt,
        trustServerCertificate: c.trustServerCertificate,
        connectTimeoutMs: c.connectTimeoutMs,
        requestTimeoutMs: c.requestTimeoutMs,
        password: c.auth.password === '' ? null : c.auth.password,
      };
    },
  };
}
