// One photo, large: as wide as the page allows, never wider than its original.

import { Image } from "@darkroom/react";
import { CloudflareImagesError } from "@darkroom/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { delivery, images, toPhoto } from "@/lib/photos";

export const dynamic = "force-dynamic";

async function find(id: string) {
  try {
    return toPhoto(await images().getImage(id));
  } catch (error) {
    if (error instanceof CloudflareImagesError && error.status === 404) return null;
    throw error;
  }
}

export default async function PhotoPage({ params }: { params: Promise<{ id: string }> }) {
  const photo = await find((await params).id);
  if (!photo) notFound();
  return (
    <main className="photo">
      <p>
        <Link href="/">← All photos</Link>
      </p>
      <h1>{photo.title}</h1>
      <Image
        loader={delivery()}
        src={photo.id}
        alt={photo.title}
        layout="constrained"
        width={Math.min(photo.width, 1152)}
        aspectRatio={photo.width / photo.height}
        intrinsicWidth={photo.width}
        blurhash={photo.blurhash}
        priority
      />
      <p>By {photo.owner}</p>
    </main>
  );
}
