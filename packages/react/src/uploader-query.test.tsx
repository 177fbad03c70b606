import type { TransportRequest, UploadTransport } from "@darkroom/core";
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useUploader } from "./index";

// react-query integration, with fakes only at the network edge: the app endpoint (`fetch`) and the upload
// (`transport`). The real network is covered in Chromium (e2e/uploader-*.test.ts).

afterEach(cleanup);

const PNG = new Uint8Array([
  137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21,
  196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 240, 31, 0, 5, 0, 1, 255, 137, 153, 61,
  29, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
]);

const endpoint: typeof fetch = async () =>
  new Response(JSON.stringify({ id: "img-1", uploadURL: "https://upload.test/img-1" }), { status: 200 });
const transport: UploadTransport = {
  send: async (_request: TransportRequest) => ({
    status: 200,
    body: JSON.stringify({
      success: true,
      result: { id: "img-1", variants: ["https://imagedelivery.net/h/img-1/public"] },
    }),
  }),
};

function Gallery({ client }: { client: QueryClient }) {
  useQuery({ queryKey: ["images"], queryFn: async () => ["an image list"] });
  const { files, getInputProps } = useUploader({
    endpoint: "/api/upload",
    drafts: false,
    preprocess: false,
    fetch: endpoint,
    transport,
    queryClient: client,
    invalidate: [["images"]],
    confirm: async (result) => `saved ${result.id}`,
  });
  return (
    <div>
      <input {...getInputProps()} data-testid="input" />
      {files.map((f) => (
        <p key={f.id}>{`${f.name}:${f.status}`}</p>
      ))}
    </div>
  );
}

describe("useUploader with react-query", () => {
  it("provisions and confirms as mutations, and invalidates the app's queries once the image is stored", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const seen: string[] = [];
    client.getMutationCache().subscribe((event) => {
      if (event.type === "added") seen.push(String(event.mutation.options.mutationKey?.[1]));
    });
    render(
      <QueryClientProvider client={client}>
        <Gallery client={client} />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(client.getQueryState(["images"])?.dataUpdateCount).toBe(1));
    const file = new File([PNG], "one.png", { type: "image/png" });
    await act(async () => fireEvent.change(screen.getByTestId("input"), { target: { files: [file] } }));
    await screen.findByText("one.png:done");
    expect(seen).toEqual(["provision", "confirm"]);
    await waitFor(() => expect(client.getQueryState(["images"])?.dataUpdateCount).toBe(2));
  });
});
