// Runs in Chromium for bench/preprocess.mjs (bundled by esbuild from the packages' source): one way of getting an
// image's size and BlurHash, while a PerformanceObserver records the page's long tasks and a timer probe measures
// how late the main thread answers.
import { preprocessImage } from "@darkroom/core";
import { encode } from "blurhash";

const WAYS = {
  /** Darkroom: decode, hash (and downscale when asked) in a Web Worker. */
  darkroom: (file) => preprocessImage(file),
  /** The same, plus a 4000 px JPEG copy encoded in the worker (the photo is within Cloudflare's limits). */
  "darkroom-downscale": (file) => preprocessImage(file, { downscale: { maxSide: 4000 } }),
  /** What the blurhash README shows: the decoded image drawn full size, every pixel read and hashed here. */
  "main-full": async (file) => {
    const img = await decoded(file);
    const canvas = Object.assign(document.createElement("canvas"), { width: img.width, height: img.height });
    const ctx = canvas.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    return { width: img.width, height: img.height, blurhash: encode(data, img.width, img.height, 4, 3) };
  },
  /** A more careful main-thread uploader: the decoded image drawn into a 32 px canvas, those pixels hashed. */
  "main-small": async (file) => {
    const img = await decoded(file);
    const scale = 32 / Math.max(img.width, img.height);
    const [w, h] = [Math.round(img.width * scale), Math.round(img.height * scale)];
    const ctx = Object.assign(document.createElement("canvas"), { width: w, height: h }).getContext("2d");
    ctx.drawImage(img, 0, 0, w, h);
    const { data } = ctx.getImageData(0, 0, w, h);
    return { width: img.naturalWidth, height: img.naturalHeight, blurhash: encode(data, w, h, 4, 3) };
  },
};

/** An `<img>` of the file, decoded off the main thread by `img.decode()` (the best a plain `<img>` does). */
async function decoded(file) {
  const img = new Image();
  img.src = URL.createObjectURL(file);
  await img.decode();
  return img;
}

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Fetches the image, then times `way` on it; resolves the long tasks and timer lateness seen meanwhile. */
window.measure = async (way, url) => {
  const file = await (await fetch(url)).blob();
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the fetch's own work settle
  const tasks = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
  observer.observe({ type: "longtask" });
  // A 0 ms timer that re-arms itself: how late it fires is how long input would have waited.
  let probing = true;
  let worstGap = 0;
  let last = performance.now();
  (async () => {
    while (probing) {
      await nextFrame();
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }
  })();
  const start = performance.now();
  const result = await WAYS[way](file);
  const ms = performance.now() - start;
  await new Promise((resolve) => setTimeout(resolve, 300)); // long task entries arrive after their task ends
  probing = false;
  observer.disconnect();
  const durations = tasks.filter((t) => t.startTime + t.duration >= start).map((t) => t.duration);
  return {
    ms,
    longTasks: durations.length,
    maxLongTask: Math.max(0, ...durations),
    blocking: durations.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
    worstGap,
    width: result.width,
    height: result.height,
    blurhash: result.blurhash,
    bytesOut: result.file?.size ?? file.size,
  };
};
