// `@darkroom/core/validate`: the file checks, the format sniffers and the image measurer, loaded as they are (the
// main entry loads `validateFile` and `preprocessImage` on their first call instead).

export { preprocessImage } from "./preprocess";
export { countFrames, sniffImage } from "./sniff";
export { defaultFileErrorMessages, formatAccepted, svgHasScript, validateFile } from "./validate";
