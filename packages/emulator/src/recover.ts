import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { digest, fileKey, TEMP_SUFFIX } from "./files";
import type { AccountState, ImageRecord } from "./types";

/** An image as the store holds it: the record, its original bytes (not for drafts) and their SHA-256. */
export interface StoredImage {
  record: ImageRecord;
  bytes?: Buffer | undefined;
  sha256?: string | undefined;
}

/** A record as written to `images/<sha256(id)>.json`: the image record plus the digest of its `.bin`. */
export type DiskRecord = ImageRecord & { bytesSha256?: string };

/** Reports one problem found on start (one line each). */
export type Log = (line: string) => void;

/** What a data directory holds, after setting aside what is damaged and removing leftovers of cut writes. */
export interface Recovered {
  account: AccountState | undefined;
  images: StoredImage[];
}

/**
 * Reads a data directory so that one damaged file never stops the emulator: unreadable records, records whose bytes
 * are missing or do not match their digest, and an unreadable `account.json` are moved into `damaged/` (one log line
 * each); temporary files of interrupted writes and bytes no record points at are removed; records saved under the
 * old base64url names are renamed to the SHA-256 names.
 */
export async function recoverDataDir(dir: string, log: Log): Promise<Recovered> {
  const images = join(dir, "images");
  await mkdir(images, { recursive: true });
  const aside = (files: string[], reason: string) => setAside(dir, files, reason, log);
  let temps = await removeTemps(dir);
  temps += await removeTemps(images);
  if (temps > 0)
    log(`[darkroom-emulator] removed ${temps} temporary file(s) left by writes a crash cut short`);
  return { account: await readAccount(dir, aside), images: await readImages(images, aside) };
}

type Aside = (files: string[], reason: string) => Promise<void>;

async function readAccount(dir: string, aside: Aside) {
  const path = join(dir, "account.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const account = JSON.parse(text) as AccountState;
    if (typeof account?.apiToken === "string" && Array.isArray(account.keys)) return account;
  } catch {}
  await aside([path], "unreadable account state; starting with new credentials");
  return undefined;
}

async function readImages(images: string, aside: Aside) {
  const names = new Set(await readdir(images));
  const loaded = new Map<string, StoredImage>();
  for (const name of [...names].filter((n) => n.endsWith(".json")).sort()) {
    const stem = join(images, name.slice(0, -".json".length));
    const record = parseRecord(await readFile(`${stem}.json`, "utf8"));
    if (!record) {
      const bin = names.has(`${basename(stem)}.bin`) ? [`${stem}.bin`] : [];
      await aside([`${stem}.json`, ...bin], "unreadable record");
      continue;
    }
    const key = fileKey(record.id);
    const base = join(images, key);
    if (stem !== base) {
      if (names.has(`${key}.json`)) {
        await aside([`${stem}.json`], `second record for id ${JSON.stringify(record.id)}`);
        continue;
      }
      await renameIfPresent(`${stem}.bin`, `${base}.bin`);
      await rename(`${stem}.json`, `${base}.json`);
    }
    const { bytesSha256, ...plain } = record;
    if (plain.draft) {
      loaded.set(key, { record: plain });
      continue;
    }
    const bytes = await readFile(`${base}.bin`).catch(() => undefined);
    if (!bytes || (bytesSha256 !== undefined && digest(bytes) !== bytesSha256)) {
      const files = bytes ? [`${base}.json`, `${base}.bin`] : [`${base}.json`];
      await aside(files, bytes ? "bytes do not match the record's digest" : "bytes missing");
      continue;
    }
    loaded.set(key, { record: plain, bytes, sha256: bytesSha256 ?? digest(bytes) });
  }
  // Bytes no record points at are what a cut upload or removal left; neither was acknowledged.
  for (const name of await readdir(images)) {
    const entry = loaded.get(name.slice(0, -".bin".length));
    if (name.endsWith(".bin") && (!entry || entry.record.draft))
      await rm(join(images, name), { force: true });
  }
  return [...loaded.values()];
}

/** A record if `text` is one (an id and the fields every record has), else undefined. */
function parseRecord(text: string): DiskRecord | undefined {
  try {
    const record = JSON.parse(text) as DiskRecord;
    const valid = typeof record?.id === "string" && typeof record.rev === "number";
    return valid && (record.draft === true || typeof record.format === "string") ? record : undefined;
  } catch {
    return undefined;
  }
}

async function removeTemps(folder: string): Promise<number> {
  const temps = (await readdir(folder)).filter((n) => n.endsWith(TEMP_SUFFIX));
  await Promise.all(temps.map((n) => rm(join(folder, n), { force: true })));
  return temps.length;
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** Moves one damaged image's (or the account's) files into `<dir>/damaged/`, out of the way but kept, and says so. */
async function setAside(dir: string, files: string[], reason: string, log: Log): Promise<void> {
  const folder = join(dir, "damaged");
  await mkdir(folder, { recursive: true });
  const stamp = Date.now();
  for (const file of files) await rename(file, join(folder, `${stamp}-${basename(file)}`));
  const names = files.map((f) => relative(dir, f)).join(" + ");
  log(`[darkroom-emulator] damaged ${names} (${reason}): moved to damaged/`);
}
