// POST /api/upload: the uploader asks here for a one-time Cloudflare upload URL. The file's bytes never come here.
import { uploadHandler } from "@/lib/images";

export function POST(request: Request): Promise<Response> {
  return uploadHandler()(request);
}
