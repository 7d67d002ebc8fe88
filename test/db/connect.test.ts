import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connect';
import { OperationalError, UserInputError } from '../../electron/errors';
import { PG_ADMIN_URL, postgresUnavailableReason, tempDir } from '../helpers/databases';

async function failure(p: Promise<unknown>): Promise<OperationalError | UserInputError> {
  try {
    const db = (await p) as { destroy(): Promise<void> };
    await db.destroy();
  } catch (err) {
    return err as OperationalError;
  }
  throw new Error('expected the connection to fail');
}

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

const pgMissing = process.env.MERGEDESK_REQUIRE_PG !== '1' && (await postgresUnavailableReason()) !== null;

describe('opening databases', () => {
  it('creates a new SQLite file on request and refuses a missing one when it must exist', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'sub', 'new.db');
    const e = await failure(openDatabase({ kind: 'sqlite', file }, { mustExist: true }));
    expect(e).toBeInstanceOf(UserInputError);
    expect(e.problem).toContain('does not exist');
    expect(fs.existsSync(file)).toBe(false);
    const db = await openDatabase({ kind: 'sqlite', file });
    expect(fs.existsSync(file)).toBe(true);
    await db.destroy();
  });

  it('says plainly when a file is not a SQLite database', async () => {
    const file = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(file, 'this is a text file, not a database, and it is long enough to have a header page'.repeat(10));
    const e = await failure(openDatabase({ kind: 'sqlite', file }));
    expect(e).toBeInstanceOf(OperationalError);
    expect(e.problem).toBe(`${file} is not a SQLite database.`);
  });

  it('names an unreachable server with the fix, without the password', async () => {
    const port = await closedPort();
    const e = await failure(openDatabase({ kind: 'postgres', host: '127.0.0.1', port, database: 'x', user: 'u', password: 'Hunter2secret' }));
    expect(e.code).toBe('DB_UNREACHABLE');
    expect(e.problem).toContain('cannot be reached');
    expect(e.message).not.toContain('Hunter2secret');
    const m = await failure(
      openDatabase({
        kind: 'mssql', host: '127.0.0.1', port, database: 'LMS', auth: { type: 'sql', user: 'sa', password: 'Hunter2secret' },
        encrypt: false, trustServerCertificate: false, connectTimeoutMs: 3000, requestTimeoutMs: 3000,
      }),
    );
    expect(m.code).toBe('DB_UNREACHABLE');
    expect(m.fix).toContain('TCP/IP');
    expect(m.message).not.toContain('Hunter2secret');
  });

  it.skipIf(pgMissing)('names a database that does not exist on a real server', async () => {
    const base = new URL(PG_ADMIN_URL);
    const e = await failure(
      openDatabase({ kind: 'postgres', host: base.hostname, port: Number(base.port || 5432), database: 'md_no_such_db_here', user: base.username || 'postgres' }),
    );
    expect(e.code).toBe('DB_MISSING');
    expect(e.problem).toContain('"md_no_such_db_here" does not exist');
  });
});
