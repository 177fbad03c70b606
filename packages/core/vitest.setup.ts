// The upload pipeline imports validation on its first file. Loaded once before the tests, that `import()` settles
// within the few ticks the fake-timer tests wait (`flush()`), as in a browser that has the chunk already; the first
// load itself is tested in Chromium (e2e).
await import("./src/validate");
