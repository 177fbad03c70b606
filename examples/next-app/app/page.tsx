// The home page: a Server Component. The grid's <img> tags (srcset, sizes, width, height and the BlurHash
// placeholder) are in the HTML before any script runs; only the uploader is a client component.
import { Image } from "@darkroom/react";
import Link from "next/link";
import { deliveryConfig, latestPhotos } from "@/lib/images";
import { GalleryUploader } from "./gallery-uploader";

// The list changes with every upload: render on each request.
export const dynamic = "force-dynamic";

export default async function Home() {
  const photos = await latestPhotos();
  // Plain data, not a loader function: a Server Component can pass only serialisable props to <Image>.
  const loader = deliveryConfig();
  return (
    <main>
      <h1>Photos</h1>
      <GalleryUploader />
      {photos.length === 0 && <p>No photos yet: drop some above.</p>}
      <ul className="grid" aria-label="Photos">
        {photos.map((photo, index) => (
          <li key={photo.id}>
            <Link href={`/photos/${encodeURIComponent(photo.id)}`}>
              <Image
                loader={loader}
                src={photo.id}
                alt={photo.title}
                // A grid cell is at most 320 CSS pixels wide; the first row is above the fold.
                width={320}
                aspectRatio={photo.width / photo.height}
                intrinsicWidth={photo.width}
                blurhash={photo.blurhash}
                priority={index < 3}
              />
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
