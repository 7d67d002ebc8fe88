import zlib from 'node:zlib';

/**
 * Builds zip files for the XLSX-limit tests in memory (no binary is committed). A "bomb"
 * part is `megabytes` MiB of zeros: one deflated MiB, flushed without ending the stream,
 * repeated, then an empty final block, so a 2 GB part costs about 2 MB and no time.
 */
export function zeroBombDeflate(megabytes: number): Buffer {
  const block = zlib.deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: megabytes }, () => block), Buffer.from([0x03, 0x00])]);
}

export interface ZipPart {
  name: string;
  /** Deflated bytes (method 8). */
  deflated: Buffer;
  /** What the directory claims the part unpacks to. */
  declaredSize: number;
}

export const part = (name: string, text: string): ZipPart => ({ name, deflated: zlib.deflateRawSync(Buffer.from(text)), declaredSize: Buffer.byteLength(text) });

function header(size: number, fields: [number, 2 | 4, number][]): Buffer {
  const b = Buffer.alloc(size);
  for (const [at, bytes, value] of fields) (bytes === 2 ? b.writeUInt16LE(value, at) : b.writeUInt32LE(value, at));
  return b;
}

/** A plain zip (local headers, central directory, end record); CRCs are left 0. */
export function zipFile(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    // [offset, bytes, value] of each field; the rest stays 0 (times, CRC, flags).
    const local = header(30, [[0, 4, 0x04034b50], [4, 2, 20], [8, 2, 8], [18, 4, p.deflated.length], [22, 4, p.declaredSize], [26, 2, name.length]]);
    const central = header(46, [[0, 4, 0x02014b50], [4, 2, 20], [6, 2, 20], [10, 2, 8], [20, 4, p.deflated.length], [24, 4, p.declaredSize], [28, 2, name.length], [42, 4, offset]]);
    locals.push(local, name, p.deflated);
    centrals.push(central, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = header(22, [[0, 4, 0x06054b50], [8, 2, parts.length], [10, 2, parts.length], [12, 4, directory.length], [16, 4, offset]]);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** An .xlsx-looking zip whose sheet unpacks to `megabytes` MiB; `declaredSize` lets it lie about that. */
export function xlsxBomb(megabytes: number, declaredSize = megabytes * 1024 * 1024): Buffer {
  return zipFile([part('[Content_Types].xml', CONTENT_TYPES), { name: 'xl/worksheets/sheet1.xml', deflated: zeroBombDeflate(megabytes), declaredSize }]);
}
