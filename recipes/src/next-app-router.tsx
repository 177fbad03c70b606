// app/photos/[slug]/page.tsx: a Server Component. The <img>, its srcset and the BlurHash placeholder are all in the
// server-rendered HTML, so the placeholder shows before any JavaScript has loaded.
import { type CloudflareImagesOptions, Image } from "@darkroom/react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";

// The options of cloudflareImages() as plain data. <Image> is a Client Component, and a Server Component can only
// pass it serialisable props: this object, not the function cloudflareImages() would return.
const images: CloudflareImagesOptions = {
  // Dashboard → Images → Overview → "Account hash" (not a secret: it is in every delivery URL).
  accountHash: "Vi7wi5KSItxGFsWRG2Us6Q",
};

/** What you stored when the image was uploaded: Cloudflare's image id, the original's size and its BlurHash. */
interface StoredPhoto {
  id: string;
  title: string;
  width: number;
  height: number;
  blurhash: string;
  related: { id: string; title: string; blurhash: string }[];
}

/** Stands in for your database or CMS query. */
async function getPhoto(slug: string): Promise<StoredPhoto | null> {
  const photos: Record<string, StoredPhoto> = {
    "alpine-lake": {
      id: "photos/alpine-lake",
      title: "An alpine lake at dawn",
      width: 6000,
      height: 4000,
      blurhash: "LKO2?U%2Tw=w]~RBVZRi};RPxuwH",
      related: [
        {
          id: "photos/glacier",
          title: "The glacier above the lake",
          blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
        },
      ],
    },
  };
  return photos[slug] ?? null;
}

interface Props {
  params: Promise<{ slug: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const photo = await getPhoto((await params).slug);
  return { title: photo?.title ?? "Photo not found" };
}

export default async function PhotoPage({ params }: Props) {
  const photo = await getPhoto((await params).slug);
  if (!photo) notFound();

  return (
    <main>
      {/* The hero is the largest thing above the fold: fetch it first (eager, fetchpriority=high, preloaded). */}
      <Image
        loader={images}
        src={photo.id}
        alt={photo.title}
        layout="fullWidth"
        aspectRatio={photo.width / photo.height}
        intrinsicWidth={photo.width}
        blurhash={photo.blurhash}
        priority
      />
      <h1>{photo.title}</h1>
      <ul>
        {photo.related.map((r) => (
          <li key={r.id}>
            {/* Everything else loads lazily: at most 320 CSS pixels wide, 3:2. */}
            <Image loader={images} src={r.id} alt={r.title} width={320} height={213} blurhash={r.blurhash} />
          </li>
        ))}
      </ul>
    </main>
  );
}
