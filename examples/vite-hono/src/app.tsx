import { Image, Uploader } from "@darkroom/react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { Gallery } from "../server/app";

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json() as Promise<T>;
}

export function App() {
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: ["session"], queryFn: () => getJson<{ id: string }>("/api/session") });
  const gallery = useQuery({ queryKey: ["images"], queryFn: () => getJson<Gallery>("/api/images") });
  const loader = gallery.data && { accountHash: gallery.data.accountHash, domain: gallery.data.domain };

  return (
    <main>
      <h1>Photos</h1>
      {session.data && (
        <Uploader
          endpoint="/api/upload"
          // Drafts (files kept for a retry after a reload) belong to this user on this device.
          user={session.data.id}
          metadata={(file) => ({ title: file.name ?? "Untitled" })}
          // A stored image refreshes the grid below.
          queryClient={queryClient}
          invalidate={[["images"]]}
        />
      )}
      {gallery.error && <p role="alert">The photos could not be loaded: {gallery.error.message}</p>}
      {loader && gallery.data.photos.length === 0 && <p>No photos yet: drop some above.</p>}
      <ul className="grid" aria-label="Photos">
        {loader &&
          gallery.data.photos.map((photo, index) => (
            <li key={photo.id}>
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
            </li>
          ))}
      </ul>
    </main>
  );
}
