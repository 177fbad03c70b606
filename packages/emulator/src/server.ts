import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { newKeyValue } from "./api-account";
import { DerivedCache } from "./cache";
import type { Context } from "./context";
import { dispatch } from "./dispatch";
import { Faults } from "./faults";
import { Store } from "./store";
import type { AccountState } from "./types";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Persist images and account state here (created if missing); memory only when absent. */
  dataDir?: string;
  /** Fixed credentials (random by default; a data directory keeps its own unless these are given). */
  accountId?: string;
  accountHash?: string;
  apiToken?: string;
  signingKey?: string;
  /** Seed of the PRNG behind probability faults (default 1). */
  seed?: number;
  /** Byte budget of the derived-image LRU cache (default 64 MB). */
  cacheBytes?: number;
  /**
   * Turn flexible variants (`/w=640,…` instead of a named variant) on or off for the account, as the dashboard's
   * switch does; stored with a data directory's account. Off on a new account, as on Cloudflare; `<Image>`'s
   * srcset needs them on (or named variants).
   */
  flexibleVariants?: boolean;
}

/** A running emulator. */
export interface Emulator {
  /** Origin of the server, e.g. `http://127.0.0.1:41234` (API at `${url}/client/v4`). */
  url: string;
  accountId: string;
  accountHash: string;
  apiToken: string;
  /** The current value of the first signing key. */
  signingKey: string;
  /** Programmatic fault injection. */
  faults: Faults;
  /** Whether flexible variants are on for the account now. */
  readonly flexibleVariants: boolean;
  /**
   * The origin to give `cloudflareImages({ accountHash, domain })` so `<Image>` loads from this emulator: its
   * delivery URLs are `${url}/cdn-cgi/imagedelivery/<hash>/<id>/<variant>`, as on a custom domain.
   */
  deliveryDomain: string;
  /** Stops listening and closes open connections. */
  stop(): Promise<void>;
}

/** Starts an emulator server; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const defaults: AccountState = {
    accountId: randomBytes(16).toString("hex"),
    accountHash: randomBytes(16).toString("base64url"),
    apiToken: randomBytes(30).toString("base64url"),
    keys: [{ name: "default", value: newKeyValue() }],
    variants: [
      {
        id: "public",
        options: { fit: "scale-down", width: 1366, height: 768, metadata: "none" },
        neverRequireSignedURLs: false,
      },
    ],
    config: { flexible_variants: false, browser_ttl: 172_800 },
  };
  const store = await Store.open(defaults, options.dataDir);
  const account = store.account;
  if (options.accountId) account.accountId = options.accountId;
  if (options.accountHash) account.accountHash = options.accountHash;
  if (options.apiToken) account.apiToken = options.apiToken;
  if (options.signingKey) account.keys = [{ name: "default", value: options.signingKey }];
  if (options.flexibleVariants !== undefined) account.config.flexible_variants = options.flexibleVariants;
  await store.saveAccount();
  const faults = new Faults(options.seed ?? 1);
  const ctx: Context = { store, origin: "", cache: new DerivedCache(options.cacheBytes) };
  const server = createServer((req, res) => {
    dispatch(req, res, ctx, faults).catch((error) => {
      console.error("[darkroom-emulator]", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  ctx.origin = `http://${shown}:${port}`;
  return {
    url: ctx.origin,
    accountId: account.accountId,
    accountHash: account.accountHash,
    apiToken: account.apiToken,
    get signingKey() {
      return store.account.keys[0]?.value ?? "";
    },
    get flexibleVariants() {
      return store.account.config.flexible_variants;
    },
    deliveryDomain: ctx.origin,
    faults,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
