// Whether an SVG can run script when it is opened as a document (its own tab, an <iframe>, an <object>); as an
// <img> it never can. Tags are read as XML reads them (a quoted attribute value may hold ">"), by local name
// whatever the prefix, so a carrier cannot hide behind markup a regular expression misreads. It renders nothing and
// runs nothing: it refuses what could run, and a few things that cannot be checked (an internal DTD's entities).

/** Elements that run script, or load a document that can, by local name (`svg:script`, `h:iframe`). */
const ACTIVE = new Set([
  "script",
  "handler",
  "iframe",
  "frame",
  "frameset",
  "embed",
  "object",
  "applet",
  "portal",
]);
/** Attributes whose value is loaded as a document or resource, by local name (`xlink:href`). */
const LOADS = new Set(["href", "src", "data", "action", "formaction"]);
/** `data:` URLs that can only be an image without script. */
const SAFE_DATA = /^data:image\/(?:png|jpe?g|gif|webp|avif|bmp)[;,]/;

const NAMED: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
  colon: ":",
  tab: "\t",
  newline: "\n",
};

/** An attribute value as the parser hands it on: character references decoded. */
function decode(value: string): string {
  return value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));?/gi, (whole, hex, dec, name) => {
    const code = hex ? Number.parseInt(hex, 16) : dec ? Number(dec) : undefined;
    if (code !== undefined) return code >= 0 && code < 0x110000 ? String.fromCodePoint(code) : "";
    return NAMED[String(name).toLowerCase()] ?? whole;
  });
}

/** A URL as a browser reads its scheme: without the whitespace and control characters it ignores. */
const bare = (url: string) =>
  [...url]
    .filter((char) => char.charCodeAt(0) > 0x20)
    .join("")
    .toLowerCase();

function attributeRuns(name: string, raw: string): boolean {
  const local = name.slice(name.lastIndexOf(":") + 1).toLowerCase();
  if (local.startsWith("on") || local === "srcdoc") return true;
  const value = decode(raw);
  if (LOADS.has(local) && bare(value).startsWith("data:") && !SAFE_DATA.test(bare(value))) return true;
  // Every value, split as animation `values="a;javascript:…"` lists are.
  return value.split(";").some((part) => /^(?:javascript|vbscript|livescript):/.test(bare(part)));
}

const TAG_NAME = /[^\s/>]+/y;
const ATTRIBUTE = /[\s/]*([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?/y;

/**
 * Reads every start tag of `svg`. With `xml`, comments, CDATA sections and processing instructions are skipped as
 * XML skips them; without it their insides are read as markup too (an HTML parser ends `<!-->` early).
 */
function scan(svg: string, xml: boolean): boolean {
  let i = svg.indexOf("<");
  while (i !== -1 && i < svg.length) {
    const rest = (open: string, close: string) => {
      const end = svg.indexOf(close, i + open.length);
      return end === -1 ? svg.length : end + close.length;
    };
    if (svg.startsWith("<!--", i)) {
      i = xml ? rest("<!--", "-->") : i + 4;
    } else if (svg.startsWith("<![CDATA[", i)) {
      i = xml ? rest("<![CDATA[", "]]>") : i + 9;
    } else if (svg.startsWith("<?", i)) {
      if (/^<\?xml-stylesheet/i.test(svg.slice(i, i + 16))) return true;
      i = rest("<?", "?>");
    } else if (svg.startsWith("<!", i)) {
      // A DOCTYPE: its internal subset may declare entities that expand into markup nobody here sees.
      const subset = svg.indexOf("[", i);
      const close = svg.indexOf(">", i);
      const end = subset !== -1 && (close === -1 || subset < close) ? svg.indexOf("]", subset) : close;
      if (/<!ENTITY/i.test(svg.slice(i, end === -1 ? svg.length : end))) return true;
      i = end === -1 ? svg.length : end + 1;
    } else {
      TAG_NAME.lastIndex = i + 1;
      const name = TAG_NAME.exec(svg)?.[0] ?? "";
      const local = name.slice(name.lastIndexOf(":") + 1).toLowerCase();
      if (ACTIVE.has(local)) return true;
      let at = i + 1 + name.length;
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const match = ATTRIBUTE.exec(svg);
        if (!match || match[0] === "") break;
        if (attributeRuns(match[1] ?? "", match[2] ?? match[3] ?? match[4] ?? "")) return true;
        at = ATTRIBUTE.lastIndex;
      }
      // Closing tags, text and whatever ended the attributes.
      i = at + 1;
    }
    i = svg.indexOf("<", i);
  }
  return false;
}

/**
 * Whether an SVG holds something that can run script when it is opened as a document: a `script` or `handler`
 * element (any prefix, so `svg:script` and XHTML's inside `foreignObject` too), a frame or embedding element
 * (`iframe`, `embed`, `object`, …), an `on…` event attribute, `srcdoc`, a `javascript:` URL (character references
 * and blanks decoded as a browser does), a `data:` URL other than a raster image in `href`/`src`, an
 * `xml-stylesheet` instruction, or entities declared in a DTD. CSS inside `<style>` is not interpreted.
 */
export function svgHasScript(svg: string): boolean {
  return scan(svg, true) || scan(svg, false);
}
