/**
 * `bin/omnipulse backup FILE [--data ./data]` and `bin/omnipulse restore FILE [--data ./data]
 * [--force]` (docs/security.md, docs/store.md "Backup and restore").
 *
 * Backup is online: it may run while the server ingests. Each SQLite file of the data
 * folder (the event log, the server's users/sessions/audit) is copied with `VACUUM INTO`
 * from a read-only connection, which reads one consistent snapshot of the file (WAL mode
 * lets the writer go on meanwhile). The copies go into one gzip'd file: a JSON header line
 * naming each part with its size and SHA-256, then the parts' bytes. It is written beside
 * FILE and renamed into place, so a FILE that exists is always whole.
 *
 * Restore checks every part's digest before it writes anything, and refuses a data folder
 * that already holds an event log unless `--force`. Start the server on it afterwards: it
 * rebuilds from the restored log.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { SERVER_DB_FILE } from '../server/database.js';
import { STORE_FILE_NAME } from '../store/sqlite-store.js';

const FORMAT = 'omnipulse-backup';
const VERSION = 1;
/** The files of a data folder, in the order they are written. */
const PARTS = [STORE_FILE_NAME, SERVER_DB_FILE];

interface Header {
  format: typeof FORMAT;
  version: typeof VERSION;
  createdAt: string;
  parts: { name: string; bytes: number; sha256: string }[];
}

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** Writes a consistent copy of `dataDir` into `file`; returns the header written. */
export function writeBackup(dataDir: string, file: string, now = Date.now()): Header {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'omnipulse-backup-'));
  try {
    const parts = PARTS.map((name) => {
      const source = path.join(dataDir, name);
      if (!fs.existsSync(source)) throw new Error(`${source}: no such file: is --data the server's data folder?`);
      const copy = path.join(scratch, name);
      const db = new Database(source, { readonly: true, fileMustExist: true });
      try {
        db.prepare('VACUUM INTO ?').run(copy);
      } finally {
        db.close();
      }
      return { name, bytes: fs.readFileSync(copy) };
    });
    const header: Header = {
      format: FORMAT,
      version: VERSION,
      createdAt: new Date(now).toISOString(),
      parts: parts.map(({ name, bytes }) => ({ name, bytes: bytes.length, sha256: sha256(bytes) })),
    };
    const body = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), ...parts.map((part) => part.bytes)]);
    const partial = `${file}.partial`;
    fs.writeFileSync(partial, zlib.gzipSync(body));
    fs.renameSync(partial, file);
    return header;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Restores `file` into `dataDir`; throws naming what is wrong before writing anything. */
export function restoreBackup(file: string, dataDir: string, options: { force?: boolean } = {}): Header {
  let body: Buffer;
  try {
    body = zlib.gunzipSync(fs.readFileSync(file));
  } catch (error) {
    throw new Error(`${file}: not an Omnipulse backup (${error instanceof Error ? error.message : String(error)})`);
  }
  const newline = body.indexOf(0x0a);
  let header: Header;
  try {
    header = JSON.parse(body.subarray(0, newline).toString('utf8')) as Header;
  } catch {
    throw new Error(`${file}: not an Omnipulse backup (no header)`);
  }
  if (header.format !== FORMAT || header.version !== VERSION) throw new Error(`${file}: not an Omnipulse backup of version ${VERSION}`);
  let offset = newline + 1;
  const parts = header.parts.map((part) => {
    if (!PARTS.includes(part.name)) throw new Error(`${file}: unknown part '${part.name}'`);
    const bytes = body.subarray(offset, offset + part.bytes);
    offset += part.bytes;
    if (bytes.length !== part.bytes || sha256(bytes) !== part.sha256) throw new Error(`${file}: part '${part.name}' is damaged (digest differs)`);
    return { name: part.name, bytes };
  });
  if (fs.existsSync(path.join(dataDir, STORE_FILE_NAME)) && !options.force) {
    throw new Error(`${dataDir} already holds an event log: restore into an empty folder, or give --force to replace it`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  for (const { name, bytes } of parts) {
    const target = path.join(dataDir, name);
    // A WAL left by the replaced database would be replayed over the restored one.
    for (const leftover of [`${target}-wal`, `${target}-shm`]) fs.rmSync(leftover, { force: true });
    fs.writeFileSync(`${target}.partial`, bytes);
    fs.renameSync(`${target}.partial`, target);
  }
  return header;
}

const USAGE = {
  backup: 'usage: omnipulse backup FILE [--data ./data]',
  restore: 'usage: omnipulse restore FILE [--data ./data] [--force]',
};

function parse(argv: string[], usage: string) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { data: { type: 'string' }, force: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new Error(usage);
  return { file: positionals[0]!, dataDir: values.data ?? process.env.OMNIPULSE_DATA ?? './data', force: values.force === true };
}

export function runBackup(argv: string[]): number {
  const { file, dataDir } = parse(argv, USAGE.backup);
  const header = writeBackup(dataDir, file);
  process.stdout.write(`backup written to ${file}: ${header.parts.map((part) => `${part.name} ${part.bytes} bytes`).join(', ')}\n`);
  return 0;
}

export function runRestore(argv: string[]): number {
  const { file, dataDir, force } = parse(argv, USAGE.restore);
  const header = restoreBackup(file, dataDir, { force });
  process.stdout.write(`restored the backup of ${header.createdAt} into ${dataDir}; start the server on it\n`);
  return 0;
}
