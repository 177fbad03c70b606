import { manualOnlineSignal, memoryDraftStore } from "@darkroom/core";
import { Uploader } from "@darkroom/react";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import * as React from "react";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it } from "vitest";

afterEach(cleanup);

const png = (name: string) =>
  new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], name, { type: "image/png" });

describe("<Uploader> on React 18", () => {
  it("renders on the server", () => {
    expect(React.version).toMatch(/^18\./);
    const html = renderToString(<Uploader endpoint="/api/upload" drafts={false} />);
    expect(html).toContain('role="button"');
    expect(html).toContain("choose files");
  });

  it("lists, cancels and offers to retry a file under Strict Mode", async () => {
    render(
      <React.StrictMode>
        <Uploader endpoint="/api/upload" drafts={false} online={manualOnlineSignal(false)} />
      </React.StrictMode>,
    );
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    await act(async () => fireEvent.change(input, { target: { files: [png("cat.png")] } }));
    const item = screen.getByRole("listitem", { name: "cat.png" });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Cancel cat.png" })));
    expect(item.getAttribute("data-status")).toBe("failed");
    expect(screen.getByRole("button", { name: "Retry cat.png" })).toBeTruthy();
  });

  it("still follows the network after Strict Mode's double effects: a waiting file starts when back online", async () => {
    const online = manualOnlineSignal(false);
    const endpoint = "http://127.0.0.1:9/unreachable";
    render(
      <React.StrictMode>
        <Uploader endpoint={endpoint} drafts={false} online={online} retry={{ attempts: 1 }} />
      </React.StrictMode>,
    );
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    await act(async () => fireEvent.change(input, { target: { files: [png("dog.png")] } }));
    const item = screen.getByRole("listitem", { name: "dog.png" });
    expect(item.getAttribute("data-status")).toBe("queued");
    await act(async () => online.set(true));
    await waitFor(() => expect(item.getAttribute("data-status")).not.toBe("queued"));
  });

  it("loads drafts on mount under Strict Mode (the uploader its double effects destroy is replaced)", async () => {
    const drafts = memoryDraftStore();
    const file = png("left.png");
    const now = Date.now();
    await drafts.put({
      key: "k",
      user: "",
      file,
      name: file.name,
      type: file.type,
      size: file.size,
      createdAt: now,
      expiresAt: now + 60_000,
    });
    render(
      <React.StrictMode>
        <Uploader endpoint="/api/upload" drafts={drafts} online={manualOnlineSignal(false)} />
      </React.StrictMode>,
    );
    await waitFor(() =>
      expect(document.querySelector(".darkroom-drafts")?.textContent).toContain("1 image was not sent."),
    );
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Retry all" })));
    await waitFor(() => expect(screen.getByRole("listitem", { name: "left.png" })).toBeTruthy());
  });
});
