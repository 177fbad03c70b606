// app/upload/uploader.tsx — a Client Component: drop images, and refresh the gallery query when one is stored.
"use client";

import { Uploader } from "@darkroom/react";
import { useQueryClient } from "@tanstack/react-query";

export function GalleryUploader({ userId }: { userId: string }) {
  const queryClient = useQueryClient();
  return (
    <Uploader
      // Same origin, so the session cookie goes along and the endpoint knows the user. A token instead of a
      // cookie goes in headers={{ authorization: `Bearer ${token}` }}.
      endpoint="/api/upload"
      // Drafts (files kept for retry after a reload) are stored per user on this device.
      user={userId}
      queryClient={queryClient}
      invalidate={[["images"]]}
      onUploaded={(image) => {
        // { id, url, width, height, blurhash, meta }: enough to render <Image> with its placeholder right away.
        console.info("stored", image.id, image.width, image.height, image.blurhash);
      }}
    />
  );
}
