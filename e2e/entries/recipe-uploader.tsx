import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createRoot } from "react-dom/client";
import { GalleryUploader } from "../../recipes/src/uploader-client";

// The client recipe exactly as the docs show it, inside the provider an app already has.
createRoot(document.getElementById("root") as HTMLElement).render(
  <QueryClientProvider client={new QueryClient()}>
    <GalleryUploader userId="alice" />
  </QueryClientProvider>,
);
