export type { Fault, FaultEndpoint, FaultInput, FaultKind } from "./faults";
export { Faults } from "./faults";
export type { Emulator, EmulatorOptions } from "./server";
export { startEmulator } from "./server";
export { signPath } from "./signing";
