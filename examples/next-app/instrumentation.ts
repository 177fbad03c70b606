// `npm run dev` without Cloudflare credentials: start the Darkroom emulator (a local Cloudflare Images, kept in
// .emulator/) inside the dev server and point the app at it. Production (`next start`) never starts it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NODE_ENV !== "development") return;
  if (process.env.CF_IMAGES_TOKEN) return;
  const { startEmulator } = await import("@darkroom/emulator");
  const emulator = await startEmulator({ dataDir: ".emulator", flexibleVariants: true });
  Object.assign(process.env, {
    CF_ACCOUNT_ID: emulator.accountId,
    CF_ACCOUNT_HASH: emulator.accountHash,
    CF_IMAGES_TOKEN: emulator.apiToken,
    CF_API_BASE_URL: `${emulator.url}/client/v4`,
    CF_DELIVERY_DOMAIN: emulator.deliveryDomain,
  });
  console.log(`  Darkroom emulator (local Cloudflare Images): ${emulator.url}`);
}
