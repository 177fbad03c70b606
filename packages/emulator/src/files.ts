import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Writes a file atomically: a temporary file in the same folder, then a rename over the target. */
export async function writeAtomic(path: string, data: Buffer | string): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}

/** Reads a JSON file, or undefined if it does not exist. */
export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** A file-system-safe name for an image id (ids may contain `/` and any UTF-8). */
export const fileKey = (id: string): string => Buffer.from(id).toString("base64url");

/** Lists the stored image ids of a data directory's `images` folder. */
export async function listKeys(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names = await readdir(dir);
  return names.filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -5));
}

/** Removes an image's files. */
export async function removeImage(dir: string, key: string): Promise<void> {
  await rm(join(dir, `${key}.json`), { force: true });
  await rm(join(dir, `${key}.bin`), { force: true });
}
