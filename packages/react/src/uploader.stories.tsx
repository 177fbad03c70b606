import { manualOnlineSignal, memoryDraftStore, type UploadDraft } from "@darkroom/core";
import type { Meta, StoryObj } from "@storybook/react-vite";
import * as React from "react";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { Uploader, type UploaderProps, useUploader } from "./index";

/*
 * Every story talks to a real backend: Storybook's dev server answers `/api/upload` with `createUploadHandler`
 * in front of an embedded `@darkroom/emulator`, and `/api/faults` sets the emulator's fault injection, so each
 * failure below is the HTTP response Cloudflare (or your endpoint) would really send. See `.storybook/upload-server.ts`.
 */

type Fault = Record<string, unknown>;

/** Sets the emulator's faults for one story and clears them after it. */
const withFaults = (...faults: Fault[]) =>
  async function setFaults() {
    await fetch("/api/faults", { method: "DELETE" });
    if (faults.length > 0) {
      await fetch("/api/faults", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ faults }),
      });
    }
    return () => void fetch("/api/faults", { method: "DELETE" });
  };

/** A real PNG of `width`×`height`, drawn in the browser. */
async function png(name: string, width = 64, height = 48): Promise<File> {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (context) {
    context.fillStyle = "#d97706";
    context.fillRect(0, 0, width, height);
    context.fillStyle = "#1e3a8a";
    context.fillRect(0, 0, width / 2, height / 2);
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  return new File([blob ?? new Blob()], name, { type: "image/png" });
}

/** Chooses `files` through the drop zone's file input, as a person would with the picker. */
async function choose(canvasElement: HTMLElement, files: File[]) {
  const input = canvasElement.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error("no file input");
  await userEvent.upload(input, files);
}

/** The list item of the file called `name`. */
const fileItem = (canvasElement: HTMLElement, name: string) =>
  within(canvasElement).findByRole("listitem", { name }, { timeout: 10_000 });

const meta = {
  title: "Uploader",
  component: Uploader,
  args: {
    endpoint: "/api/upload",
    drafts: false,
    // Short and few automatic retries keep failure stories quick; the defaults are 4 attempts, 0.5–8 s apart.
    retry: { attempts: 1 },
  },
  parameters: { layout: "padded" },
} satisfies Meta<typeof Uploader>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Nothing chosen yet: a drop zone that also takes a click, the keyboard (Enter/Space) or a paste. */
export const Idle: Story = {
  beforeEach: withFaults(),
  play: async ({ canvasElement }) => {
    const zone = within(canvasElement).getByRole("button", { name: /choose files/ });
    await userEvent.tab();
    await expect(zone).toHaveFocus();
    await expect(zone).toHaveAccessibleDescription(/up to 10 MB/);
  },
};

/** A file goes through checking → preparing → uploading → uploaded; the bytes stored equal the file's. */
export const Uploaded: Story = {
  beforeEach: withFaults(),
  play: async ({ canvasElement }) => {
    const file = await png("sunset.png", 320, 200);
    await choose(canvasElement, [file]);
    const item = await fileItem(canvasElement, "sunset.png");
    await waitFor(() => expect(item).toHaveAttribute("data-status", "done"), { timeout: 10_000 });
    await expect(within(item).getByText("Uploaded")).toBeVisible();
    await waitFor(() =>
      expect(canvasElement.querySelector("[aria-live]")).toHaveTextContent("sunset.png uploaded."),
    );
  },
};

/** A slow upload shows its progress bar, bytes and time left, and can be cancelled. */
export const Cancelled: Story = {
  beforeEach: withFaults({ endpoint: "upload", kind: "delay", delayMs: 8000 }),
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("slow.png")]);
    const item = await fileItem(canvasElement, "slow.png");
    await waitFor(() => expect(item).toHaveAttribute("data-status", "uploading"), { timeout: 10_000 });
    await userEvent.click(within(item).getByRole("button", { name: "Cancel slow.png" }));
    await expect(item).toHaveAttribute("data-status", "failed");
    await expect(item).toHaveTextContent("The upload of slow.png was cancelled.");
    await expect(within(item).getByRole("button", { name: "Retry slow.png" })).toBeVisible();
  },
};

/** `provision`: the image host could not be reached, so nothing was uploaded; Retry works once it is back. */
export const ProvisionFailed: Story = {
  beforeEach: withFaults({ endpoint: "direct_upload", kind: "status", status: 503, code: 5503 }),
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("beach.png")]);
    const item = await fileItem(canvasElement, "beach.png");
    await waitFor(() => expect(item).toHaveAttribute("data-status", "failed"), { timeout: 10_000 });
    await expect(item).toHaveTextContent(
      "We couldn't reach the image service, so beach.png was not uploaded",
    );
    await userEvent.click(within(item).getByRole("button", { name: "Retry beach.png" }));
    await waitFor(() => expect(item).toHaveAttribute("data-status", "done"), { timeout: 10_000 });
  },
};

/** `transfer`: the connection broke mid-upload; the file is kept and Retry sends it without choosing it again. */
export const TransferFailed: Story = {
  // Persistent: Chromium may resend a request whose connection was reset, which would use up a one-shot fault.
  beforeEach: withFaults({ endpoint: "upload", kind: "drop", persistent: true }),
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("harbour.png")]);
    const item = await fileItem(canvasElement, "harbour.png");
    await waitFor(() => expect(item).toHaveAttribute("data-status", "failed"), { timeout: 10_000 });
    await expect(item).toHaveTextContent("The upload of harbour.png was interrupted");
    await expect(item).toHaveTextContent("Your file is kept: retry without choosing it again.");
    await fetch("/api/faults", { method: "DELETE" });
    await userEvent.click(within(item).getByRole("button", { name: "Retry harbour.png" }));
    await waitFor(() => expect(item).toHaveAttribute("data-status", "done"), { timeout: 10_000 });
  },
};

/** `rejected`: Cloudflare took the bytes and refused the file; retrying cannot help, so there is no Retry. */
export const Rejected: Story = {
  beforeEach: withFaults({ endpoint: "upload", kind: "reject_content" }),
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("scan.png")]);
    const item = await fileItem(canvasElement, "scan.png");
    await waitFor(() => expect(item).toHaveAttribute("data-status", "failed"), { timeout: 10_000 });
    await expect(item).toHaveTextContent("Cloudflare refused scan.png");
    await expect(within(item).queryByRole("button", { name: "Retry scan.png" })).toBeNull();
  },
};

/** `expired`: the one-time URL expired before the upload; a new one is fetched without asking, and it works. */
export const ExpiredLink: Story = {
  beforeEach: withFaults({ endpoint: "upload", kind: "expire_upload" }),
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("late.png")]);
    const item = await fileItem(canvasElement, "late.png");
    await waitFor(() => expect(item).toHaveAttribute("data-status", "done"), { timeout: 10_000 });
  },
};

/** `invalid`: checked in the browser before any request, each with its exact reason; good files still go. */
export const InvalidFiles: Story = {
  beforeEach: withFaults(),
  play: async ({ canvasElement }) => {
    const html = new File(["<!doctype html><title>x</title>"], "photo.jpg", { type: "image/jpeg" });
    const empty = new File([], "empty.png", { type: "image/png" });
    await choose(canvasElement, [html, empty, await png("fine.png")]);
    const fake = await fileItem(canvasElement, "photo.jpg");
    await waitFor(() => expect(fake).toHaveAttribute("data-status", "failed"));
    await expect(fake).toHaveTextContent(/HTML/);
    const zero = await fileItem(canvasElement, "empty.png");
    await waitFor(() => expect(zero).toHaveTextContent(/empty/i));
    const fine = await fileItem(canvasElement, "fine.png");
    await waitFor(() => expect(fine).toHaveAttribute("data-status", "done"), { timeout: 10_000 });
  },
};

/** `unavailable`: after repeated failures the breaker opens and files fail fast with when to try again. */
export const ServiceDown: Story = {
  args: { breaker: { threshold: 1, openMs: 60_000 } },
  beforeEach: withFaults({
    endpoint: "direct_upload",
    kind: "status",
    status: 503,
    code: 5503,
    persistent: true,
  }),
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("one.png")]);
    const first = await fileItem(canvasElement, "one.png");
    await waitFor(() => expect(first).toHaveAttribute("data-status", "failed"), { timeout: 10_000 });
    await choose(canvasElement, [await png("two.png")]);
    const second = await fileItem(canvasElement, "two.png");
    await waitFor(() =>
      expect(second).toHaveTextContent(/image service is having trouble.*Try again in \d+ seconds/),
    );
  },
};

/** `downscale`: an image over Cloudflare's limits is shrunk in the browser (in a Web Worker) instead of refused. */
export const Downscaled: Story = {
  args: { downscale: true, onUploaded: fn() },
  beforeEach: withFaults(),
  play: async ({ args, canvasElement }) => {
    await choose(canvasElement, [await png("panorama.png", 13_000, 200)]);
    const item = await fileItem(canvasElement, "panorama.png");
    await waitFor(() => expect(item).toHaveAttribute("data-status", "done"), { timeout: 20_000 });
    await expect(item).not.toHaveTextContent("no side may exceed");
    await expect(args.onUploaded).toHaveBeenCalledWith(
      expect.objectContaining({ width: 12_000, height: 184 }),
    );
  },
};

/** Without `downscale`, the same image is refused before any request, with its measured size. */
export const TooWide: Story = {
  beforeEach: withFaults(),
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("panorama.png", 13_000, 200)]);
    const item = await fileItem(canvasElement, "panorama.png");
    await waitFor(() => expect(item).toHaveAttribute("data-status", "failed"));
    await expect(item).toHaveTextContent("panorama.png is 13,000 × 200 pixels; no side may exceed 12,000");
  },
};

const offline = manualOnlineSignal(false);

/** `offline`: files wait while the browser is offline and go as soon as it is back. */
export const Offline: Story = {
  args: { online: offline },
  beforeEach: withFaults(),
  render: (args) => (
    <>
      <button type="button" onClick={() => offline.set(true)}>
        Go online
      </button>
      <Uploader {...args} />
    </>
  ),
  play: async ({ canvasElement }) => {
    offline.set(false);
    await expect(within(canvasElement).getByRole("status")).toHaveTextContent("You're offline.");
    await choose(canvasElement, [await png("train.png")]);
    const item = await fileItem(canvasElement, "train.png");
    await expect(item).toHaveTextContent("train.png will upload when your connection is back.");
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Go online" }));
    await waitFor(() => expect(item).toHaveAttribute("data-status", "done"), { timeout: 10_000 });
  },
};

/** A draft left by an earlier visit (a reload mid-upload): the banner offers Retry all and Discard. */
export const Drafts: Story = {
  beforeEach: withFaults(),
  render: (args) => {
    const [store] = React.useState(() => memoryDraftStore());
    const [ready, setReady] = React.useState(false);
    React.useEffect(() => {
      void png("left-behind.png").then(async (file) => {
        const now = Date.now();
        const draft: UploadDraft = {
          key: "storybook-draft",
          user: "",
          file,
          name: file.name,
          type: file.type,
          size: file.size,
          createdAt: now,
          expiresAt: now + 3_600_000,
        };
        await store.put(draft);
        setReady(true);
      });
    }, [store]);
    return ready ? <Uploader {...args} drafts={store} /> : <p>Preparing a draft…</p>;
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText("1 image was not sent.")).toBeVisible();
    await userEvent.click(canvas.getByRole("button", { name: "Retry all" }));
    const item = await fileItem(canvasElement, "left-behind.png");
    await waitFor(() => expect(item).toHaveAttribute("data-status", "done"), { timeout: 10_000 });
    await expect(canvas.queryByText("1 image was not sent.")).toBeNull();
  },
};

/** Themed with CSS variables on a wrapper (or `className`); `unstyled` drops the default CSS entirely. */
export const Themed: Story = {
  beforeEach: withFaults(),
  render: (args: UploaderProps) => (
    <div style={{ "--darkroom-accent": "#be185d", "--darkroom-radius": "0" } as React.CSSProperties}>
      <Uploader {...args} className="my-uploader" labels={{ choose: "browse" }} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("browse")).toBeVisible();
    await expect(canvasElement.querySelector(".darkroom-uploader.my-uploader")).not.toBeNull();
  },
};

/** Your own markup on the same engine: `useUploader` gives the state and react-dropzone's prop getters. */
function HeadlessUploader() {
  const { files, getRootProps, getInputProps, getActionProps } = useUploader({
    endpoint: "/api/upload",
    drafts: false,
  });
  return (
    <div {...getRootProps({ style: { border: "1px solid #888", padding: 16 } })}>
      <input {...getInputProps()} />
      <p>Drop photos here</p>
      <ol>
        {files.map((f) => (
          <li key={f.id}>
            {f.name}: <output>{f.status}</output> {Math.round(f.progress * 100)}% {f.failure?.message}
            <button {...getActionProps(f.id, "remove")}>×</button>
          </li>
        ))}
      </ol>
    </div>
  );
}

export const Headless: Story = {
  beforeEach: withFaults(),
  render: () => <HeadlessUploader />,
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("own-ui.png")]);
    const item = await within(canvasElement).findByText(/own-ui\.png/);
    await waitFor(() => expect(item).toHaveTextContent("own-ui.png: done 100%"), { timeout: 10_000 });
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Remove own-ui.png" }));
    await expect(within(canvasElement).queryByText(/own-ui\.png/)).toBeNull();
  },
};
