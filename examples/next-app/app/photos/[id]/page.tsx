// One photo, large: a page that renders only <Image>, so it ships none of the uploader's code.
import { Image } from "@darkroom/react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { deliveryConfig, photo } from "@/lib/images";

export const dynamic = "force-dynamic";

export default async function PhotoPage({ params }: { params: Promise<{ id: string }> }) {
  const found = await photo((await params).id);
  if (!found) notFound();
  return (
    <main className="photo">
      <p>
        <Link href="/">← All photos</Link>
      </p>
      <h1>{found.title}</h1>
      <Image
        loader={deliveryConfig()}
        src={found.id}
        alt={found.title}
        // As wide as the page's column (at most 1040 px), never wider than the original.
        layout="constrained"
        width={Math.min(found.width, 1040)}
        aspectRatio={found.width / found.height}
        intrinsicWidth={found.width}
        blurhash={found.blurhash}
        priority
      />
    </main>
  );
}
