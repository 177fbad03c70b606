import { hydrateRoot } from "react-dom/client";
import { Doc } from "./pages";

window.hydrationErrors = [];
const report = (error: unknown) => window.hydrationErrors?.push(String(error));
hydrateRoot(document, <Doc name={document.title} origin={location.origin} js />, {
  onRecoverableError: report,
  onCaughtError: report,
  onUncaughtError: report,
});
