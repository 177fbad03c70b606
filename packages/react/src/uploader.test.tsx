import { manualOnlineSignal, memoryDraftStore } from "@darkroom/core";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it } from "vitest";
import { Uploader, useUploader } from "./index";
import { formatBytes, formatDuration } from "./uploader-labels";

// The component's rendering and wiring in jsdom, with the browser offline so no request is made: sending files is
// tested in real Chromium against the emulator (e2e/uploader-*.test.ts) and in the Storybook play functions.

afterEach(cleanup);

const png = (name: string) =>
  new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], name, { type: "image/png" });

function choose(files: File[]) {
  const input = document.querySelector('input[type="file"]') as HTMLInputElement;
  fireEvent.change(input, { target: { files } });
}

describe("<Uploader>", () => {
  it("renders a labelled drop zone with a hint, and no list before any file", () => {
    render(<Uploader endpoint="/api/upload" drafts={false} />);
    const zone = screen.getByRole("button", { name: /choose files/ });
    expect(zone.getAttribute("tabindex")).toBe("0");
    expect(document.getElementById(zone.getAttribute("aria-describedby") ?? "")?.textContent).toMatch(
      /10 MB/,
    );
    expect(screen.queryByRole("list")).toBeNull();
    expect(document.querySelector("style")?.textContent).toContain(".darkroom-dropzone");
  });

  it("lists a chosen file with its actions; Cancel stops it and offers Retry", async () => {
    const online = manualOnlineSignal(false);
    render(<Uploader endpoint="/api/upload" drafts={false} online={online} />);
    expect(screen.getByRole("status").textContent).toMatch(/offline/);
    await act(async () => choose([png("cat.png")]));
    const item = screen.getByRole("listitem", { name: "cat.png" });
    expect(item.textContent).toContain("cat.png will upload when your connection is back.");
    const cancel = screen.getByRole("button", { name: "Cancel cat.png" });
    expect(screen.queryByRole("button", { name: "Retry cat.png" })).toBeNull();
    await act(async () => fireEvent.click(cancel));
    expect(item.getAttribute("data-status")).toBe("failed");
    expect(item.textContent).toContain("The upload of cat.png was cancelled.");
    expect(screen.getByRole("button", { name: "Retry cat.png" }).hidden).toBe(false);
    expect(document.querySelector("[aria-live]")?.textContent).toContain("was cancelled");
  });

  it("shows the drafts banner for files an earlier visit left, and Discard empties it", async () => {
    const drafts = memoryDraftStore();
    const file = png("left.png");
    const now = Date.now();
    await drafts.put({
      key: "k1",
      user: "",
      file,
      name: file.name,
      type: file.type,
      size: file.size,
      createdAt: now,
      expiresAt: now + 60_000,
    });
    render(<Uploader endpoint="/api/upload" drafts={drafts} online={manualOnlineSignal(false)} />);
    await waitFor(() =>
      expect(document.querySelector(".darkroom-drafts")?.textContent).toContain("1 image was not sent."),
    );
    await waitFor(() =>
      expect(document.querySelector("[aria-live]")?.textContent).toBe("1 image was not sent."),
    );
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Discard" })));
    await waitFor(() => expect(document.querySelector(".darkroom-drafts")).toBeNull());
    expect(await drafts.list("", Date.now())).toHaveLength(0);
  });

  it("takes replacement texts, a class name, and can leave its styles out", () => {
    render(<Uploader endpoint="/x" drafts={false} unstyled className="mine" labels={{ choose: "browse" }} />);
    expect(screen.getByText("browse")).toBeTruthy();
    expect(document.querySelector(".darkroom-uploader.mine")).not.toBeNull();
    expect(document.querySelector("style")).toBeNull();
  });

  it("has no axe violations with a file listed", async () => {
    render(<Uploader endpoint="/api/upload" drafts={false} online={manualOnlineSignal(false)} />);
    await act(async () => choose([png("a.png")]));
    const results = await axe.run(document.body, { rules: { region: { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});

/** A minimal headless uploader, offline so nothing is sent. */
function Headless() {
  const state = useUploader({ endpoint: "/api/upload", drafts: false, online: manualOnlineSignal(false) });
  return (
    <div {...state.getRootProps()} data-testid="zone">
      <input {...state.getInputProps()} />
      {state.files.map((f) => (
        <p key={f.id}>{`${f.name}:${f.status}`}</p>
      ))}
    </div>
  );
}

describe("useUploader", () => {
  // Drop and paste go through react-dropzone; they are tested with real events in Chromium (e2e/uploader-input).
  it("adds chosen files and renders them from its state", async () => {
    render(<Headless />);
    await act(async () => choose([png("one.png"), png("two.png")]));
    expect(screen.getByText("one.png:queued")).toBeTruthy();
    expect(screen.getByText("two.png:queued")).toBeTruthy();
  });
});

describe("formatting", () => {
  it("writes sizes and durations the way the progress text shows them", () => {
    expect([formatBytes(12), formatBytes(2048), formatBytes(3.5 * 1024 * 1024)]).toEqual([
      "12 B",
      "2 KB",
      "3.5 MB",
    ]);
    expect([formatDuration(0.2), formatDuration(42), formatDuration(150), formatDuration(3900)]).toEqual([
      "1 s",
      "42 s",
      "3 min",
      "1 h 5 min",
    ]);
  });
});
