#!/usr/bin/env node
import { runCli, USAGE } from "./cli-main";

runCli(process.argv.slice(2), (line) => console.log(line)).then(
  (emulator) => {
    if (!emulator) return;
    const stop = () => {
      emulator.stop().finally(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  },
  (error: Error) => {
    console.error(`darkroom-emulator: ${error.message}\n\n${USAGE}`);
    process.exit(1);
  },
);
