/**
 * The default look of `<Uploader>`, scoped to its class names and driven by CSS variables, set on the uploader or any
 * ancestor, so an app can theme it without overriding selectors: `--darkroom-accent`, `--darkroom-error`, `--darkroom-border`, `--darkroom-muted`,
 * `--darkroom-surface`, `--darkroom-radius`, `--darkroom-gap`. `unstyled` leaves all of it out.
 */
export const uploaderCss = `
.darkroom-uploader{--_a:var(--darkroom-accent,#2563eb);--_e:var(--darkroom-error,#b91c1c);--_b:var(--darkroom-border,#c4c8d0);--_m:var(--darkroom-muted,#52525b);--_s:var(--darkroom-surface,#f8fafc);--_r:var(--darkroom-radius,8px);display:grid;gap:var(--darkroom-gap,12px);font:inherit}
.darkroom-dropzone{border:2px dashed var(--_b);border-radius:var(--_r);background:var(--_s);padding:24px;text-align:center;cursor:pointer}
.darkroom-dropzone:focus-visible,.darkroom-uploader button:focus-visible{outline:3px solid var(--_a);outline-offset:2px}
.darkroom-dropzone[data-drag-active]{border-color:var(--_a)}
.darkroom-dropzone[aria-disabled=true]{opacity:.6;cursor:not-allowed}
.darkroom-choose{color:var(--_a);text-decoration:underline}
.darkroom-hint{color:var(--_m);font-size:.875em;margin:-4px 0 0}
.darkroom-banner{display:flex;flex-wrap:wrap;gap:8px;align-items:center;border:1px solid var(--_b);border-radius:var(--_r);padding:8px 12px}
.darkroom-files{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.darkroom-file{display:grid;grid-template-columns:48px 1fr auto;gap:4px 12px;align-items:center;border:1px solid var(--_b);border-radius:var(--_r);padding:8px}
.darkroom-preview{width:48px;height:48px;object-fit:cover;border-radius:4px;background:var(--_s);grid-row:span 2}
.darkroom-name{overflow-wrap:anywhere;font-weight:600}
.darkroom-status,.darkroom-progress-text{color:var(--_m);font-size:.875em}
.darkroom-file progress{width:100%;accent-color:var(--_a)}
.darkroom-message{grid-column:2/-1;margin:0;font-size:.875em}
.darkroom-file[data-status=failed] .darkroom-message{color:var(--_e)}
.darkroom-actions{display:flex;gap:4px;grid-row:1;grid-column:3}
.darkroom-uploader button{font:inherit;padding:4px 10px;border-radius:6px;border:1px solid var(--_b);background:#fff;cursor:pointer}
.darkroom-uploader button[hidden]{display:none}
.darkroom-visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;
