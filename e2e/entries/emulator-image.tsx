import { Image } from "@darkroom/react";
import { createRoot } from "react-dom/client";

// Renders the URL an upload's `onUploaded` gave (`?src=`), as the docs say is enough: no loader, no domain.
const src = new URLSearchParams(location.search).get("src") ?? "";
createRoot(document.getElementById("root") as HTMLElement).render(
  <Image id="photo" src={src} alt="An uploaded photo" width={64} height={48} sizes="64px" />,
);
