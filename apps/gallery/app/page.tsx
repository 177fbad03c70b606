// Home: the newest photos, server-rendered. Each <img> has its srcset, sizes, width, height and BlurHash placeholder
// in the HTML before any script runs; the first row is `priority`, the rest lazy. Pages follow the Images API's
// continuation token (`?after=`), so there is no database and no offset to drift.
import { Image } from "@darkroom/react";
import Link from "next/link";
import { delivery, photoPage } from "@/lib/photos";

export const dynamic = "force-dynamic";

/** Photos in the first row at the widest layout: fetched first, never lazy. */
const FIRST_ROW = 4;

export default async function Home({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const { after } = await searchParams;
  const { photos, next } = await photoPage(after);
  const loader = delivery();
  return (
    <main>
      <h1>Photos</h1>
      {photos.length === 0 && <p>No photos yet.</p>}
      <ul className="grid" aria-label="Photos">
        {photos.map((photo, index) => (
          <li key={photo.id}>
            <Link href={`/images/${encodeURIComponent(photo.id)}`}>
              <Image
                loader={loader}
                src={photo.id}
                alt={photo.title}
                // A cell is 260–380 CSS pixels wide (four columns on a 1200 px page).
                width={380}
                aspectRatio={3 / 2}
                fit="cover"
                intrinsicWidth={photo.width}
                blurhash={photo.blurhash}
                priority={!after && index < FIRST_ROW}
              />
              <p>{photo.title}</p>
            </Link>
          </li>
        ))}
      </ul>
      {next && (
        <p>
          <Link href={`/?after=${encodeURIComponent(next)}`}>More photos</Link>
        </p>
      )}
    </main>
  );
}
