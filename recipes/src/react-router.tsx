// app/routes/photo.tsx: a React Router v7 route module, registered in app/routes.ts as
//   route("photos/:slug", "routes/photo.tsx")
// Works in framework mode (server rendering included) and as a data-router route ({ path, loader, Component }).
import { cloudflareImages, Image } from "@darkroom/react";
import { data, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";

const images = cloudflareImages({
  accountHash: "Vi7wi5KSItxGFsWRG2Us6Q",
  // Served from your own zone: https://photos.example.com/cdn-cgi/imagedelivery/<hash>/<id>/w=…
  domain: "https://photos.example.com",
});

/** Stands in for your database: the image id, the original's size and the BlurHash stored at upload time. */
async function findPhoto(slug: string) {
  const photos = {
    "alpine-lake": {
      id: "photos/alpine-lake",
      title: "An alpine lake at dawn",
      width: 6000,
      height: 4000,
      blurhash: "LKO2?U%2Tw=w]~RBVZRi};RPxuwH",
    },
  };
  return slug in photos ? photos[slug as keyof typeof photos] : null;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const photo = await findPhoto(params.slug ?? "");
  if (!photo) throw data("No such photo", { status: 404 });
  return { photo };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.photo.title ?? "Photo" }];

export default function PhotoRoute() {
  const { photo } = useLoaderData<typeof loader>();
  return (
    <article>
      <Image
        loader={images}
        src={photo.id}
        alt={photo.title}
        width={1024}
        aspectRatio={photo.width / photo.height}
        intrinsicWidth={photo.width}
        blurhash={photo.blurhash}
        priority
      />
      <h1>{photo.title}</h1>
    </article>
  );
}
