// src/main.tsx of a Vite single-page app (index.html has <div id="root"></div> and loads this file).
import { cloudflareImages, Image } from "@darkroom/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

// Set VITE_CF_ACCOUNT_HASH in .env (Dashboard → Images → Overview → "Account hash").
const images = cloudflareImages({ accountHash: import.meta.env.VITE_CF_ACCOUNT_HASH });

// In a real app this comes from your API, with the BlurHash computed once at upload time.
const photos = [
  { id: "photos/alpine-lake", alt: "An alpine lake at dawn", blurhash: "LKO2?U%2Tw=w]~RBVZRi};RPxuwH" },
  { id: "photos/glacier", alt: "The glacier above the lake", blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj" },
];

function App() {
  const [hero, ...rest] = photos;
  return (
    <main>
      {hero && (
        <Image
          loader={images}
          src={hero.id}
          alt={hero.alt}
          blurhash={hero.blurhash}
          width={1200}
          aspectRatio={16 / 9}
          priority
        />
      )}
      <section style={{ display: "grid", gridTemplateColumns: "repeat(3, 1fr)", gap: 16 }}>
        {rest.map((p) => (
          // A third of the page, but never more than 480 CSS pixels: only `sizes` can tell the browser that.
          <Image
            key={p.id}
            loader={images}
            src={p.id}
            alt={p.alt}
            blurhash={p.blurhash}
            width={480}
            aspectRatio={3 / 2}
            sizes="(min-width: 1440px) 480px, 33vw"
          />
        ))}
      </section>
    </main>
  );
}

const root = document.getElementById("root");
if (!root) throw new Error('index.html needs a <div id="root"></div>');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
