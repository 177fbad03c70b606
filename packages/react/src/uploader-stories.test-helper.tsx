// What the uploader stories share: the emulator's faults around each story, the fix button a failure story offers,
// real files drawn in the browser, and the checks of what a person sees. Not shipped (a test helper).
import { manualOnlineSignal } from "@darkroom/core";
import type { Decorator } from "@storybook/react-vite";
import { expect, userEvent, waitFor, within } from "storybook/test";

/** One emulator fault, as `.storybook/upload-server.ts` takes them. */
export type Fault = Record<string, unknown>;

const clearFaults = () => fetch("/api/faults", { method: "DELETE" });

/** False when nothing answers `/api/faults`: a static Storybook build, which has no upload backend. */
let hasBackend = true;

/** Sets the story's `parameters.faults` on the emulator before it renders, and clears them after it. */
export async function setFaults({ parameters }: { parameters: { faults?: Fault[] } }) {
  hasBackend = await clearFaults().then(
    (response) => response.ok,
    () => false,
  );
  if (parameters.faults?.length) {
    await fetch("/api/faults", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ faults: parameters.faults }),
    });
  }
  return () => void clearFaults();
}

/** The network as the Offline story sees it: offline until its fix button is pressed. */
export const offline = manualOnlineSignal(false);

/**
 * The story's `parameters.fix` as a button that undoes its fault (clears the faults, signs in, goes online), so the
 * reader of a failure story can press it and then Retry. Above it, a notice when there is no backend to upload to.
 */
export const withFixButton: Decorator = (Story, { parameters }) => (
  <>
    {hasBackend ? null : (
      <p role="alert">
        No upload backend here: this static build of Storybook cannot upload. Run <code>pnpm storybook</code>{" "}
        to try these stories.
      </p>
    )}
    {parameters.fix ? (
      <p>
        <button
          type="button"
          onClick={() => {
            offline.set(true);
            void clearFaults();
          }}
        >
          {parameters.fix}
        </button>{" "}
        then press Retry.
      </p>
    ) : null}
    <Story />
  </>
);

/** A real PNG of `width`×`height`, drawn in the browser. */
export async function png(name: string, width = 64, height = 48): Promise<File> {
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
export async function choose(canvasElement: HTMLElement, files: File[]) {
  const input = canvasElement.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error("no file input");
  await userEvent.upload(input, files);
}

/** The list item of the file called `name`. */
export const fileItem = (canvasElement: HTMLElement, name: string) =>
  within(canvasElement).findByRole("listitem", { name }, { timeout: 10_000 });

/** Waits for `name` to fail and checks what a person sees: `message`, Remove, and Retry unless `retry` is false. */
export async function expectFailed(
  canvasElement: HTMLElement,
  name: string,
  message: string | RegExp,
  retry = true,
) {
  const item = await fileItem(canvasElement, name);
  await waitFor(() => expect(item).toHaveAttribute("data-status", "failed"), { timeout: 10_000 });
  await expect(item).toHaveTextContent(message);
  await expect(within(item).getByRole("button", { name: `Remove ${name}` })).toBeVisible();
  const retryButton = within(item).queryByRole("button", { name: `Retry ${name}` });
  await (retry ? expect(retryButton).toBeVisible() : expect(retryButton).toBeNull());
}
