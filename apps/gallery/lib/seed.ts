// On first start against an empty emulator, the gallery stores its twelve samples, so nobody meets an empty page.
// Each goes in as a browser's upload would: a one-time URL, then the file posted to it, with its metadata.
import { images } from "./photos";
import { samples } from "./samples";

/** Stores the samples when the account holds no image yet; returns how many were stored. */
export async function seedSamples(): Promise<number> {
  const client = images();
  const first = await client.listImages({ perPage: 10 }).pages().next();
  if ((first.value?.images.length ?? 0) > 0) return 0;
  let stored = 0;
  for (const sample of samples()) {
    const { uploadURL } = await client.createDirectUpload({
      creator: "samples",
      metadata: {
        title: sample.name,
        owner: "samples",
        width: sample.width,
        height: sample.height,
        blurhash: sample.blurhash,
      },
    });
    const form = new FormData();
    form.append("file", new Blob([sample.png], { type: "image/png" }), `${sample.name}.png`);
    const response = await fetch(uploadURL, { method: "POST", body: form });
    if (!response.ok) throw new Error(`storing sample "${sample.name}" answered ${response.status}`);
    stored++;
  }
  return stored;
}
