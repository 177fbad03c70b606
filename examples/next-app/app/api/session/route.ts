// GET /api/session: a demo sign-in that gives every visitor an anonymous `session` cookie. Replace with your own.
import { cookies } from "next/headers";

export async function GET(): Promise<Response> {
  const jar = await cookies();
  let id = jar.get("session")?.value;
  if (!id) {
    id = crypto.randomUUID();
    jar.set("session", id, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 30 });
  }
  return Response.json({ id });
}
