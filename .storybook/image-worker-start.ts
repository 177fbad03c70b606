const WAIT_MS = 5000;

/**
 * Registers the static build's image worker (`image-worker.ts`) and waits until it controls this page, so the first
 * story's images already go through it. Service workers need a secure context (https, or http on localhost); where
 * one cannot start, this warns and the pictures stay broken rather than the whole preview failing.
 */
export async function startImageWorker(): Promise<void> {
  const container = navigator.serviceWorker;
  if (!container) {
    console.warn("[storybook] No service workers here (not a secure context?): images cannot be drawn.");
    return;
  }
  const controlled = new Promise<void>((resolve) => {
    if (container.controller) resolve();
    container.addEventListener("controllerchange", () => resolve(), { once: true });
  });
  const late = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`not in control after ${WAIT_MS} ms`)), WAIT_MS),
  );
  try {
    // Beside `iframe.html`, wherever the build is hosted: its folder is the worker's scope.
    await container.register(new URL("image-worker.js", document.baseURI));
    await Promise.race([controlled, late]);
  } catch (error) {
    console.warn("[storybook] The image worker did not start, so images cannot be drawn:", error);
  }
}
