/**
 * The one way MergeDesk opens an XLSX file it did not just write (worklists, logfiles in
 * the viewer): the zip's central directory is checked before exceljs (which unpacks every
 * part into memory) sees it, so a zip bomb renamed .xlsx is refused in milliseconds
 * instead of costing gigabytes and a blocked main process.
 *
 * Checked: the file size, the number of entries, the declared uncompressed sizes (in
 * total, and the ratio per entry), and that each entry really unpacks to no more than it
 * declares (a bounded, streamed inflate whose output is discarded).
 */
import fs from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { UserInputError } from '../errors';

export const XLSX_LIMITS = {
  /** The file itself. */
  maxFileBytes: 50 * 1024 * 1024,
  /** All parts unpacked together. */
  maxUnpackedBytes: 100 * 1024 * 1024,
  maxEntries: 10_000,
  /** Unpacked / packed size of one part; real sheets stay far below, bombs far above. */
  maxRatio: 200,
  /** Parts smaller than this are not held to maxRatio (tiny XML compresses extremely well). */
  ratioFloorBytes: 1024 * 1024,
};

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

interface Entry {
  name: string;
  method: number;
  packed: number;
  unpacked: number;
  localOffset: number;
}

/** A refused XLSX file; `reason` is the bare why, for callers that word the problem themselves. */
export class XlsxRefusedError extends UserInputError {
  constructor(problem: string, fix: string, code: 'XLSX_TOO_LARGE' | 'XLSX_INVALID', readonly reason: string) {
    super(problem, fix, code);
  }
}

const tooLarge = (file: string, why: string) =>
  new XlsxRefusedError(
    `${file} is refused: ${why}.`,
    `MergeDesk reads XLSX files of up to ${MB(XLSX_LIMITS.maxFileBytes)} that unpack to at most ${MB(XLSX_LIMITS.maxUnpackedBytes)}; check that this is the right file, and split a very large worklist into several files.`,
    'XLSX_TOO_LARGE',
    why,
  );
const notXlsx = (file: string, why: string) =>
  new XlsxRefusedError(`${file} is not an Excel (.xlsx) file: ${why}.`, 'Open a workbook saved by Excel or written by MergeDesk.', 'XLSX_INVALID', why);

/** Reads the central directory; refuses what is not a plain (non-ZIP64) zip. */
function centralDirectory(buf: Buffer, file: string): Entry[] {
  const from = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notXlsx(file, 'it is not a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw tooLarge(file, 'it is a ZIP64 archive, which only very large workbooks need');
  if (count > XLSX_LIMITS.maxEntries) throw tooLarge(file, `it holds ${count} parts (the limit is ${XLSX_LIMITS.maxEntries})`);
  if (offset + size > eocd) throw notXlsx(file, 'its zip directory is damaged');
  const entries: Entry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL) throw notXlsx(file, 'its zip directory is damaged');
    const nameLength = buf.readUInt16LE(p + 28);
    const entry: Entry = {
      method: buf.readUInt16LE(p + 10),
      packed: buf.readUInt32LE(p + 20),
      unpacked: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    };
    if (entry.packed === 0xffffffff || entry.unpacked === 0xffffffff || entry.localOffset === 0xffffffff) throw tooLarge(file, 'it is a ZIP64 archive, which only very large workbooks need');
    entries.push(entry);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/** Checks the declared sizes, then that no part unpacks to more than it declares. */
async function assertBounded(buf: Buffer, file: string): Promise<void> {
  if (buf.length > XLSX_LIMITS.maxFileBytes) throw tooLarge(file, `it is ${MB(buf.length)} (the limit is ${MB(XLSX_LIMITS.maxFileBytes)})`);
  const entries = centralDirectory(buf, file);
  const total = entries.reduce((sum, e) => sum + e.unpacked, 0);
  if (total > XLSX_LIMITS.maxUnpackedBytes) throw tooLarge(file, `it unpacks to ${MB(total)} (the limit is ${MB(XLSX_LIMITS.maxUnpackedBytes)})`);
  for (const e of entries) {
    if (e.unpacked > XLSX_LIMITS.ratioFloorBytes && e.unpacked > e.packed * XLSX_LIMITS.maxRatio) {
      throw tooLarge(file, `its part ${e.name} unpacks ${Math.round(e.unpacked / Math.max(e.packed, 1))} times larger than it is stored (the limit is ${XLSX_LIMITS.maxRatio})`);
    }
  }
  for (const e of entries) await assertPartSize(buf, file, e);
}

/** A declared size is only a claim: inflate the part, counting and discarding, and stop past the claim. */
async function assertPartSize(buf: Buffer, file: string, e: Entry): Promise<void> {
  const local = e.localOffset;
  if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw notXlsx(file, `the zip part ${e.name} is damaged`);
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  const packed = buf.subarray(start, start + e.packed);
  if (e.packed === 0 && e.unpacked === 0) return; // a folder entry
  if (e.method === 0) {
    if (e.packed !== e.unpacked) throw notXlsx(file, `the zip part ${e.name} is damaged`);
    return;
  }
  if (e.method !== 8) throw notXlsx(file, `the zip part ${e.name} uses an unknown compression`);
  let seen = 0;
  const counter = new Writable({
    write(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > e.unpacked ? tooLarge(file, `its part ${e.name} unpacks to more than the ${e.unpacked} bytes it declares`) : null);
    },
  });
  try {
    await pipeline(Readable.from([packed]), zlib.createInflateRaw(), counter);
  } catch (err) {
    if (err instanceof XlsxRefusedError) throw err;
    throw notXlsx(file, `the zip part ${e.name} cannot be unpacked`);
  }
}

/** Opens an XLSX workbook after the zip checks above; every XLSX reader uses this. */
export async function readXlsxWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const size = fs.statSync(file).size;
  if (size > XLSX_LIMITS.maxFileBytes) throw tooLarge(file, `it is ${MB(size)} (the limit is ${MB(XLSX_LIMITS.maxFileBytes)})`);
  const buf = fs.readFileSync(file);
  await assertBounded(buf, file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}
