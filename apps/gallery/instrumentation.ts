// Runs once when the server starts. Against the local emulator (DARKROOM_API_BASE_URL set), an empty account gets
// the twelve sample photos; against Cloudflare nothing is seeded.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DARKROOM_API_BASE_URL) return;
  if (process.env.GALLERY_SAMPLES === "0") return;
  const { seedSamples } = await import("./lib/seed");
  const stored = await seedSamples();
  if (stored > 0) console.log(`  Gallery: stored ${stored} sample photos in the emulator.`);
}
