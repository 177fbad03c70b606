"use client";
import * as React from "react";
import { UploaderFile } from "./uploader-file";
import { defaultUploaderLabels, type UploaderLabels } from "./uploader-labels";
import { uploaderCss } from "./uploader-styles";
import { type UseUploaderOptions, type UseUploaderResult, useUploader } from "./use-uploader";

/** Props of {@link Uploader}: the options of `useUploader`, plus how it looks and what it says. */
export interface UploaderProps extends UseUploaderOptions {
  /** Added to the root element's class (`darkroom-uploader`). */
  className?: string | undefined;
  /** Leave out the default styles (the class names stay, for your own CSS). */
  unstyled?: boolean | undefined;
  /** Replacement texts, e.g. for another language. Failure messages are core's `messages` option. */
  labels?: Partial<UploaderLabels> | undefined;
  /** The drop zone's accessible name. Default: its visible text ("Drop images here, paste them, or choose files"). */
  "aria-label"?: string | undefined;
}

/** What to announce when files change: stored files by name, failures by their message. */
function useAnnouncement(state: UseUploaderResult, labels: UploaderLabels): string {
  const seen = React.useRef(new Map<string, string>());
  const [text, setText] = React.useState("");
  React.useEffect(() => {
    const said: string[] = [];
    for (const file of state.files) {
      const key = `${file.status}:${file.failure?.kind ?? ""}`;
      if (seen.current.get(file.id) === key) continue;
      seen.current.set(file.id, key);
      if (file.status === "done") said.push(labels.uploaded(file.name));
      else if (file.status === "failed" && file.failure) said.push(file.failure.message);
    }
    if (said.length > 0) setText(said.join(" "));
  }, [state.files, labels]);
  React.useEffect(() => {
    if (state.drafts.length > 0) setText(labels.drafts(state.drafts.length));
  }, [state.drafts.length, labels]);
  return text;
}

/**
 * A ready-made uploader: drop zone (drop, click, keyboard, paste), per-file preview, progress with time left,
 * cancel / retry / remove, the message of each failure, and the "not sent" drafts banner. Changes are announced to
 * screen readers. Themeable with CSS variables (see `uploaderCss`), `className`, or `unstyled`.
 */
export function Uploader(props: UploaderProps) {
  const { className, unstyled, labels: given, "aria-label": ariaLabel, ...options } = props;
  const labels = React.useMemo(() => ({ ...defaultUploaderLabels, ...given }), [given]);
  const state = useUploader(options);
  const announcement = useAnnouncement(state, labels);
  const hintId = React.useId();
  const root = React.useRef<HTMLDivElement>(null);
  // A removed file takes its focused button with it; give focus back to the drop zone, not to the page's top.
  const actionProps: UseUploaderResult["getActionProps"] = (id, action, label) => {
    const props = state.getActionProps(id, action, label);
    if (action !== "remove") return props;
    return {
      ...props,
      onClick: () => {
        props.onClick();
        root.current?.querySelector<HTMLElement>(".darkroom-dropzone")?.focus();
      },
    };
  };
  return (
    <div ref={root} className={["darkroom-uploader", className].filter(Boolean).join(" ")}>
      {unstyled ? null : <style>{uploaderCss}</style>}
      {state.drafts.length > 0 ? (
        <div className="darkroom-banner darkroom-drafts">
          <span>{labels.drafts(state.drafts.length)}</span>
          <button type="button" onClick={() => void state.restoreDrafts()}>
            {labels.retryAll}
          </button>
          <button type="button" onClick={() => void state.discardDrafts()}>
            {labels.discard}
          </button>
        </div>
      ) : null}
      {state.online ? null : (
        <p className="darkroom-banner" role="status">
          {labels.offline}
        </p>
      )}
      <div
        {...state.getRootProps({
          className: "darkroom-dropzone",
          role: "button",
          // Named by its visible text (WCAG 2.5.3: what people see is what voice control users say); the hint is
          // outside it so that the name is only the text.
          "aria-label": ariaLabel,
          "aria-describedby": hintId,
          "aria-disabled": options.disabled ? true : undefined,
        })}
        data-drag-active={state.isDragActive ? "" : undefined}
      >
        <span>
          {state.isDragActive ? (
            labels.dropActive
          ) : (
            <>
              {labels.drop}
              <span className="darkroom-choose">{labels.choose}</span>
            </>
          )}
        </span>
      </div>
      <p className="darkroom-hint" id={hintId}>
        {labels.hint}
      </p>
      {/* Outside the drop zone: a control inside a role="button" element is invalid (the zone opens it anyway). */}
      <input {...state.getInputProps()} />
      {state.files.length > 0 ? (
        <ul className="darkroom-files" aria-label="Uploads">
          {state.files.map((file) => (
            <UploaderFile key={file.id} file={file} labels={labels} actionProps={actionProps} />
          ))}
        </ul>
      ) : null}
      <div className="darkroom-visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
