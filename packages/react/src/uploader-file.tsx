"use client";
import type { UploadFileSnapshot } from "@darkroom/core";
import * as React from "react";
import { formatBytes, formatDuration, type UploaderLabels } from "./uploader-labels";
import type { FileAction, FileActionProps } from "./use-uploader";

/** A preview of a local file through an object URL, revoked when the file leaves or changes. */
function Preview({ file }: { file: Blob | undefined }) {
  const [url, setUrl] = React.useState<string>();
  React.useEffect(() => {
    if (!file?.type.startsWith("image/")) return;
    const next = URL.createObjectURL(file);
    setUrl(next);
    return () => {
      URL.revokeObjectURL(next);
      setUrl(undefined);
    };
  }, [file]);
  // Decorative: the file's name is next to it. A file the browser cannot draw (an HTML page named .jpg, an empty or
  // truncated file, a format it does not decode) keeps the plain box instead of the broken-image icon.
  return url ? (
    <img className="darkroom-preview" src={url} alt="" onError={() => setUrl(undefined)} />
  ) : (
    <span className="darkroom-preview" />
  );
}

/** One file of `<Uploader>`: preview, name, status, progress with time left, its message, and its buttons. */
export function UploaderFile(props: {
  file: UploadFileSnapshot;
  labels: UploaderLabels;
  actionProps: (id: string, action: FileAction, label?: string) => FileActionProps;
}) {
  const { file, labels, actionProps } = props;
  const sending = file.status === "uploading" || file.status === "confirming";
  const eta = file.status === "uploading" && file.eta !== undefined ? formatDuration(file.eta) : undefined;
  const textId = `darkroom-file-${file.id}`;
  return (
    <li
      className="darkroom-file"
      data-status={file.status}
      data-draft={file.draft}
      aria-labelledby={`${textId}-name`}
    >
      <Preview file={file.file} />
      <span id={`${textId}-name`} className="darkroom-name">
        {file.name}
      </span>
      <span className="darkroom-status">
        {labels.status[file.status]}
        {sending ? (
          <span className="darkroom-progress-text">
            {" · "}
            {labels.progress(formatBytes(file.bytesUploaded), formatBytes(file.size), eta)}
          </span>
        ) : null}
      </span>
      {sending ? (
        <progress
          value={Math.round(file.progress * 100)}
          max={100}
          aria-label={`${labels.status.uploading} ${file.name}`}
        />
      ) : null}
      {file.failure ? <p className="darkroom-message">{file.failure.message}</p> : null}
      {/* Said even while the upload goes on: losing the safety net is worth knowing before anything fails. */}
      {file.draftError ? <p className="darkroom-message darkroom-draft-error">{file.draftError}</p> : null}
      <span className="darkroom-actions">
        {(["cancel", "retry", "remove"] as const).map((action) => (
          <button key={action} {...actionProps(file.id, action, `${labels[action]} ${file.name}`)}>
            {labels[action]}
          </button>
        ))}
      </span>
    </li>
  );
}
