import { describe, expect, it } from 'vitest';
import knexFactory from 'knex';
import { TYPES } from 'tedious';
import { knexConfig } from '../../electron/db/connect';
import { parseConnectionUrl } from '../../electron/db/connection-url';
import { dateTimeText, parseDateTimeText } from '../../electron/db/dialect';
import { Journal } from '../../electron/engine/merge/journal';

/**
 * Without a SQL Server here, this proves the binding the tool's own connection factory
 * gives a Date on SQL Server, down to the bytes tedious sends: datetime2(7) with the
 * sub-millisecond digits tedious read, not Knex's default legacy `datetime` (1/300 s).
 */
interface MssqlClient {
  _typeForBinding(v: unknown): [unknown, { name: string; declaration(p: unknown): string; resolveScale?(p: unknown): number; generateParameterData(p: unknown, o: unknown): Iterable<Buffer> }];
}

function mssqlClient(): MssqlClient {
  const db = knexFactory(knexConfig(parseConnectionUrl('mssql://u:p@127.0.0.1:1/lms?trustServerCertificate=true')));
  return db.client as unknown as MssqlClient;
}

/** The datetime2 bytes tedious writes for a parameter: 100 ns ticks since midnight (5 bytes) and days since 0001-01-01 (3 bytes). */
function datetime2Wire(client: MssqlClient, value: Date): { declaration: string; ticks: number; days: number } {
  const [bound, type] = client._typeForBinding(value);
  const parameter = { value: bound, scale: undefined as number | undefined };
  parameter.scale = type.resolveScale?.(parameter);
  const buf = Buffer.concat([...type.generateParameterData(parameter, { useUTC: true })]);
  return { declaration: type.declaration(parameter), ticks: buf.readUIntLE(0, 5), days: buf.readUIntLE(5, 3) };
}

describe('date-times on SQL Server', () => {
  it('a Date is bound as datetime2(7), where Knex alone binds the legacy datetime', () => {
    const plain = knexFactory({ client: 'mssql', connection: { server: 'x', user: 'u', password: 'p', database: 'd' } }).client as unknown as MssqlClient;
    expect(plain._typeForBinding(new Date())[1].name).toBe('DateTime');
    const [, type] = mssqlClient()._typeForBinding(new Date('2024-03-01T08:00:00.001Z'));
    expect(type).toBe(TYPES.DateTime2);
    expect(type.declaration({ value: new Date(), scale: undefined })).toBe('datetime2(7)');
  });

  it('sends milliseconds exactly (.001, .005, .123 stay what they are)', () => {
    const client = mssqlClient();
    for (const [iso, ticks] of [
      ['2024-03-01T08:00:00.001Z', (8 * 3600 + 0) * 1e7 + 1e4],
      ['2024-03-01T08:00:00.005Z', 8 * 3600 * 1e7 + 5e4],
      ['2024-03-01T23:59:59.123Z', (23 * 3600 + 59 * 60 + 59) * 1e7 + 123e4],
    ] as const) {
      const wire = datetime2Wire(client, new Date(iso));
      expect({ iso, declaration: wire.declaration, ticks: wire.ticks }).toEqual({ iso, declaration: 'datetime2(7)', ticks });
      expect(wire.days).toBe(738945); // 2024-03-01
    }
  });

  it('sends back the digits beyond the millisecond that tedious read (100 ns), and leaves other values to Knex', () => {
    const client = mssqlClient();
    const read = new Date('2024-03-01T08:00:00.005Z');
    // tedious attaches the sub-millisecond part of a datetime2 it reads like this:
    Object.defineProperty(read, 'nanosecondsDelta', { value: 0.0002345, enumerable: false });
    expect(datetime2Wire(client, read).ticks).toBe(8 * 3600 * 1e7 + 52345);
    expect(client._typeForBinding('text')[1].name).toBe('NVarChar');
    expect(client._typeForBinding(5)[1].name).toBe('Int');
  });

  it('the journal keeps those digits as text, and undo gets them back', () => {
    const read = new Date('2024-03-01T08:00:00.005Z');
    Object.defineProperty(read, 'nanosecondsDelta', { value: 0.0002345, enumerable: false });
    expect(dateTimeText(read)).toBe('2024-03-01T08:00:00.0052345Z');
    expect(dateTimeText(new Date('2024-03-01T08:00:00.005Z'))).toBe('2024-03-01T08:00:00.005Z');
    const journal = new Journal(1);
    journal.add('user_skills', 'update', { id: 1 }, { id: 1, expires_at: read, achieved_value: 2 }, null);
    const entry = (journal as unknown as { entries: { before_json: string }[] }).entries[0]!;
    expect(JSON.parse(entry.before_json)).toEqual({ id: 1, expires_at: '2024-03-01T08:00:00.0052345Z', achieved_value: 2 });
    const back = parseDateTimeText('2024-03-01T08:00:00.0052345Z')!;
    expect(back.toISOString()).toBe('2024-03-01T08:00:00.005Z');
    expect(datetime2Wire(mssqlClient(), back).ticks).toBe(8 * 3600 * 1e7 + 52345);
    expect(parseDateTimeText('not a date')).toBeNull();
  });
});
