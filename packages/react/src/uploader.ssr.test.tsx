// @vitest-environment node
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Uploader } from "./index";

describe("<Uploader> on the server", () => {
  it("renders its drop zone without touching browser APIs (no window, IndexedDB or Worker)", () => {
    expect(typeof window).toBe("undefined");
    const html = renderToString(<Uploader endpoint="/api/upload" />);
    expect(html).toMatch(/role="button"[^>]*aria-describedby=/);
    expect(html).toContain('type="file"');
    expect(html).toContain("choose files");
    expect(html).not.toContain("not sent");
  });
});
