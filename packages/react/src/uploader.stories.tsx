import { memoryDraftStore, type UploadDraft } from "@darkroom/core";
import type { Meta, StoryObj } from "@storybook/react-vite";
import * as React from "react";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { Uploader, type UploaderProps, useUploader } from "./index";
import {
  choose,
  expectFailed,
  fileItem,
  offline,
  png,
  setFaults,
  withFixButton,
} from "./uploader-stories.test-helper";

/*
 * Every story talks to a real backend: Storybook's dev server answers `/api/upload` with `createUploadHandler`
 * in front of an embedded `@darkroom/emulator`, and `/api/faults` sets the emulator's fault injection, so each
 * failure below is the HTTP response Cloudflare (or your endpoint) would really send. See `.storybook/upload-server.ts`.
 * A failure story stops in its failure; its `parameters.fix` button undoes the fault, and its `…Recovered` twin
 * presses that button and Retry. A static build has no such backend: the stories say so above the uploader.
 */

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
  beforeEach: setFaults,
  decorators: [withFixButton],
} satisfies Meta<typeof Uploader>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Nothing chosen yet: a drop zone that also takes a click, the keyboard (Enter/Space) or a paste. */
export const Idle: Story = {
  play: async ({ canvasElement }) => {
    const zone = within(canvasElement).getByRole("button", { name: /choose files/ });
    await userEvent.tab();
    await expect(zone).toHaveFocus();
    await expect(zone).toHaveAccessibleDescription(/up to 10 MB/);
  },
};

/** A file goes through checking → preparing → uploading → uploaded; the bytes stored equal the file's. */
export const Uploaded: Story = {
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

/**
 * `story` followed by what its reader is invited to do: press the fix button, wait `waitMs` (for an open breaker),
 * then Retry each of `names` in turn (a file waiting for the network has no Retry: it goes by itself); all upload.
 */
function recovered(story: Story, names: string[], waitMs = 0): Story {
  return {
    ...story,
    play: async (context) => {
      await story.play?.(context);
      const { canvasElement, parameters } = context;
      await userEvent.click(within(canvasElement).getByRole("button", { name: parameters.fix }));
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      for (const name of names) {
        const item = await fileItem(canvasElement, name);
        const retry = within(item).queryByRole("button", { name: `Retry ${name}` });
        if (retry) await userEvent.click(retry);
        await waitFor(() => expect(within(item).getByText("Uploaded")).toBeVisible(), { timeout: 10_000 });
      }
    },
  };
}

/** A slow upload shows its progress bar, bytes and time left, and can be cancelled. */
export const Cancelled: Story = {
  parameters: { faults: [{ endpoint: "upload", kind: "delay", delayMs: 8000 }] },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("slow.png")]);
    const item = await fileItem(canvasElement, "slow.png");
    await waitFor(() => expect(item).toHaveAttribute("data-status", "uploading"), { timeout: 10_000 });
    await userEvent.click(within(item).getByRole("button", { name: "Cancel slow.png" }));
    await expectFailed(canvasElement, "slow.png", "The upload of slow.png was cancelled.");
  },
};

/** `provision`: the image host could not be reached, so nothing was uploaded; Retry works once it is back. */
export const ProvisionFailed: Story = {
  parameters: {
    faults: [{ endpoint: "direct_upload", kind: "status", status: 503, code: 5503, persistent: true }],
    fix: "Bring the image service back",
  },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("beach.png")]);
    await expectFailed(
      canvasElement,
      "beach.png",
      "We couldn't reach the image service, so beach.png was not uploaded",
    );
  },
};

export const ProvisionFailedRecovered = recovered(ProvisionFailed, ["beach.png"]);

/** `unauthorized`: your endpoint answered 401 (signed out); nothing is retried by itself, Retry works once signed in. */
export const Unauthorized: Story = {
  parameters: { faults: [{ endpoint: "app", kind: "signed_out" }], fix: "Sign in" },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("avatar.png")]);
    await expectFailed(
      canvasElement,
      "avatar.png",
      "Sign in to upload avatar.png (Sign in to upload images), then retry.",
    );
  },
};

export const UnauthorizedRecovered = recovered(Unauthorized, ["avatar.png"]);

/** `transfer`: the connection broke mid-upload; the file is kept and Retry sends it without choosing it again. */
export const TransferFailed: Story = {
  parameters: {
    // Persistent: Chromium may resend a request whose connection was reset, which would use up a one-shot fault.
    faults: [{ endpoint: "upload", kind: "drop", persistent: true }],
    fix: "Restore the connection",
  },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("harbour.png")]);
    await expectFailed(
      canvasElement,
      "harbour.png",
      /The upload of harbour\.png was interrupted.*Your file is kept: retry without choosing it again\./,
    );
  },
};

export const TransferFailedRecovered = recovered(TransferFailed, ["harbour.png"]);

/** `rejected`: Cloudflare took the bytes and refused the file; retrying cannot help, so there is no Retry. */
export const Rejected: Story = {
  parameters: { faults: [{ endpoint: "upload", kind: "reject_content" }] },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("scan.png")]);
    await expectFailed(canvasElement, "scan.png", "Cloudflare refused scan.png", false);
  },
};

/**
 * `expired`: the one-time URL expired before the upload. A new one is fetched without asking (which usually works);
 * here that one expires too, so the file stops with Retry.
 */
export const ExpiredLink: Story = {
  parameters: {
    faults: [{ endpoint: "upload", kind: "expire_upload", persistent: true }],
    fix: "Stop expiring links",
  },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("late.png")]);
    await expectFailed(
      canvasElement,
      "late.png",
      "The upload of late.png was interrupted (the new upload link expired too)",
    );
  },
};

export const ExpiredLinkRecovered = recovered(ExpiredLink, ["late.png"]);

/** A link that expires once is replaced without asking: the file is uploaded with no Retry. */
export const ExpiredLinkReplaced: Story = {
  parameters: { faults: [{ endpoint: "upload", kind: "expire_upload" }] },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("late.png")]);
    const item = await fileItem(canvasElement, "late.png");
    await waitFor(() => expect(item).toHaveAttribute("data-status", "done"), { timeout: 10_000 });
  },
};

/** `invalid`: checked in the browser before any request, each with its exact reason; good files still go. */
export const InvalidFiles: Story = {
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

/** How long the breaker of `ServiceDown` stays open: short, so its reader (and its recovery) need not wait long. */
const OPEN_MS = 5000;

/** `unavailable`: after repeated failures the breaker opens and files fail fast with when to try again. */
export const ServiceDown: Story = {
  args: { breaker: { threshold: 1, openMs: OPEN_MS } },
  parameters: {
    faults: [{ endpoint: "direct_upload", kind: "status", status: 503, code: 5503, persistent: true }],
    fix: "Bring the image service back",
  },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("one.png")]);
    await expectFailed(canvasElement, "one.png", "We couldn't reach the image service");
    await choose(canvasElement, [await png("two.png")]);
    await expectFailed(canvasElement, "two.png", /image service is having trouble.*Try again in \d+ seconds/);
  },
};

/** Once the service is back and the breaker's wait is over, Retry lets one file through, then the other. */
export const ServiceDownRecovered = recovered(ServiceDown, ["one.png", "two.png"], OPEN_MS);

/** `downscale`: an image over Cloudflare's limits is shrunk in the browser (in a Web Worker) instead of refused. */
export const Downscaled: Story = {
  args: { downscale: true, onUploaded: fn() },
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
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("panorama.png", 13_000, 200)]);
    const item = await fileItem(canvasElement, "panorama.png");
    await waitFor(() => expect(item).toHaveAttribute("data-status", "failed"));
    await expect(item).toHaveTextContent("panorama.png is 13,000 × 200 pixels; no side may exceed 12,000");
  },
};

/** `offline`: files wait while the browser is offline and go as soon as it is back. */
export const Offline: Story = {
  args: { online: offline },
  parameters: { fix: "Go online" },
  beforeEach: () => offline.set(false),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("status")).toHaveTextContent("You're offline.");
    await choose(canvasElement, [await png("train.png")]);
    const item = await fileItem(canvasElement, "train.png");
    await expect(item).toHaveTextContent("train.png will upload when your connection is back.");
    await expect(within(item).getByRole("button", { name: "Remove train.png" })).toBeVisible();
  },
};

export const OfflineRecovered = recovered(Offline, ["train.png"]);

/** A draft left by an earlier visit (a reload mid-upload): the banner offers Retry all and Discard. */
export const Drafts: Story = {
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
  render: () => <HeadlessUploader />,
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await png("own-ui.png")]);
    const item = await within(canvasElement).findByText(/own-ui\.png/);
    await waitFor(() => expect(item).toHaveTextContent("own-ui.png: done 100%"), { timeout: 10_000 });
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Remove own-ui.png" }));
    await expect(within(canvasElement).queryByText(/own-ui\.png/)).toBeNull();
  },
};
