"use client";
// The uploader is interactive, so it lives in a client component. When a photo is stored, router.refresh()
// re-renders the Server Component grid with it.
import { Uploader } from "@darkroom/react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

export function GalleryUploader() {
  const router = useRouter();
  const [user, setUser] = useState<string>();
  useEffect(() => {
    fetch("/api/session")
      .then((response) => response.json() as Promise<{ id: string }>)
      .then((session) => setUser(session.id))
      .catch(() => setUser(undefined));
  }, []);
  if (!user) return <p>Signing in…</p>;
  return (
    <Uploader
      endpoint="/api/upload"
      // Drafts (files kept for a retry after a reload) belong to this user on this device.
      user={user}
      metadata={(file) => ({ title: file.name ?? "Untitled" })}
      onUploaded={() => router.refresh()}
    />
  );
}
