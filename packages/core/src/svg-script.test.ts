import { describe, expect, it } from "vitest";
import { svgHasScript } from "./svg-script";

const svg = (body: string, attrs = "") => `<svg xmlns="http://www.w3.org/2000/svg"${attrs}>${body}</svg>`;

describe("svgHasScript finds what can run when the SVG is opened as a document", () => {
  it.each([
    ["a script element", svg("<script>alert(1)</script>")],
    [
      "a namespaced script element",
      svg("<svg:script>alert(1)</svg:script>", ' xmlns:svg="http://www.w3.org/2000/svg"'),
    ],
    [
      "a script element under another prefix",
      svg('<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>'),
    ],
    [
      "XHTML script inside foreignObject",
      svg(
        '<foreignObject><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></foreignObject>',
      ),
    ],
    ["an event handler after a quoted >", svg('<rect title="a>b" onload="alert(1)"/>')],
    ["an event handler after a single-quoted >", svg("<rect title='x>' onclick='alert(1)'/>")],
    ["a namespaced event handler", svg('<rect ev:onclick="alert(1)"/>')],
    ["an onload on the root", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'],
    ["an onclick after a slash", svg('<rect/onclick="x()"/>')],
    [
      "an iframe with srcdoc",
      svg('<foreignObject><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"/></foreignObject>'),
    ],
    ["srcdoc on any element", svg('<g srcdoc="x"/>')],
    ["an embed", svg('<foreignObject><embed src="evil.swf"/></foreignObject>')],
    ["a javascript: link", svg('<a href="javascript:alert(1)"><text>x</text></a>')],
    ["a javascript: xlink:href", svg('<a xlink:href="javascript:alert(1)">x</a>')],
    ["an entity-encoded javascript: link", svg('<a href="jav&#x09;ascript&#58;alert(1)">x</a>')],
    ["a javascript: link with a leading blank", svg('<a href=" &#10;javascript&colon;alert(1)">x</a>')],
    ["a data: HTML link", svg('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>')],
    ["a data: SVG in use", svg('<use href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>')],
    [
      "an animation that sets a javascript: href",
      svg('<a><set attributeName="href" to="javascript:alert(1)"/>x</a>'),
    ],
    [
      "a javascript: value among animation values",
      svg('<a><animate attributeName="href" values="#a;javascript:alert(1)"/></a>'),
    ],
    ["an xml-stylesheet instruction", `<?xml-stylesheet type="text/xsl" href="x.xsl"?>${svg("")}`],
    [
      "entities declared in a DTD",
      `<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">]>${svg("&x;")}`,
    ],
    ["a script that an HTML parser sees after <!-->", svg("<!--><script>alert(1)</script>-->")],
    [
      "a script hidden behind an unclosed quote inside a comment",
      svg("<!-- <a title=' --><script>alert(1)</script><!-- ' -->"),
    ],
  ])("%s", (_, text) => {
    expect(svgHasScript(text)).toBe(true);
  });

  it.each([
    ["a plain drawing", svg('<rect width="10" height="10" fill="red"/>')],
    [
      "HTML text in foreignObject",
      svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">Hello</div></foreignObject>'),
    ],
    ["an embedded PNG", svg('<image href="data:image/png;base64,iVBORw0KGgo="/>')],
    [
      "a title with > and the word onload in it",
      svg('<title>a > b, onload="x"</title><rect title="on > off"/>'),
    ],
    ["an ordinary link", svg('<a href="https://example.com/#onclick">x</a>')],
    ["a comment that mentions script", svg("<!-- drawn without script -->")],
    [
      "a DOCTYPE without an internal subset",
      `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">${svg("")}`,
    ],
  ])("lets through %s", (_, text) => {
    expect(svgHasScript(text)).toBe(false);
  });
});
