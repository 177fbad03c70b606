import { createHash, randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Suffix of the temporary files {@link writeAtomic} renames into place; one left over means a write was cut. */
export const TEMP_SUFFIX = ".tmp";

/**
 * Writes a file atomically: a temporary file in the same folder, then a rename over the target, so a reader (or a
 * restart after `kill -9`) sees the old or the new content, never a mix. No fsync: a power cut may lose the last
 * writes (see the README).
 */
export async function writeAtomic(path: string, data: Buffer | string): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString("hex")}${TEMP_SUFFIX}`;
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * The file name (without extension) of an image id: the SHA-256 hex of its UTF-8 bytes, so any valid id (1,024
 * characters of any script) fits a file name; the id itself is stored inside the record.
 */
export const fileKey = (id: string): string => createHash("sha256").update(id).digest("hex");

/** The SHA-256 hex of stored bytes (kept in the record to detect a damaged `.bin` on start). */
export const digest = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/** Writes an image's files: bytes first, so a record on disk never points at bytes that are not there yet. */
export async function saveImageFiles(dir: string, id: string, record: string, bytes?: Buffer): Promise<void> {
  const base = join(dir, fileKey(id));
  if (bytes) await writeAtomic(`${base}.bin`, bytes);
  await writeAtomic(`${base}.json`, record);
}

/** Removes an image's files: record first, so a cut removal leaves at most bytes nobody points at. */
export async function removeImageFiles(dir: string, id: string): Promise<void> {
  const base = join(dir, fileKey(id));
  await rm(`${base}.json`, { force: true });
  await rm(`${base}.bin`, { force: true });
}
