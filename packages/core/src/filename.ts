/**
 * Bidirectional formatting characters (LRM, RLM, ALM, LRE…RLO, LRI…PDI) and invisible zero-width characters.
 * U+202E (RLO) makes `photo\u202Egpj.exe` display as `photoexe.jpg`; removing them shows the real order.
 * ZWJ and ZWNJ stay: emoji sequences and Persian words need them.
 */
const INVISIBLE = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
/** C0 and C1 control characters and the Unicode line and paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;
/** A final `.ext` of 1–10 letters or digits, kept when the name is shortened. */
const EXTENSION = /\.[\p{L}\p{N}]{1,10}$/u;

/** Shown when a name is missing or holds nothing visible. */
export const UNNAMED_FILE = "unnamed file";

/**
 * Makes a file name safe to show: removes bidirectional overrides and zero-width characters (so
 * `invoice\u202Efdp.exe` cannot pose as `invoiceexe.pdf`), turns control characters and line breaks into
 * spaces, and shortens names longer than `maxLength` characters to `start…ext`, keeping the extension. Never
 * returns an empty string. HTML is not escaped here: the name is text, and the renderer (React) escapes it.
 */
export function displayName(name: string | null | undefined, maxLength = 80): string {
  const clean = String(name ?? "")
    .replace(INVISIBLE, "")
    .replace(CONTROL, " ")
    .trim();
  if (!clean) return UNNAMED_FILE;
  const chars = Array.from(clean); // code points, so a surrogate pair is never split
  const max = Math.max(8, Math.floor(maxLength));
  if (chars.length <= max) return clean;
  const found = EXTENSION.exec(clean)?.[0] ?? "";
  const extension = found.length <= max / 2 ? found : "";
  const keep = Math.max(1, max - 1 - Array.from(extension).length);
  return `${chars.slice(0, keep).join("").trimEnd()}…${extension}`;
}
