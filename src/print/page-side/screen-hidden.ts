// The edition hidden from the screen but not from a print's layout tree (pdf.ts screenHidden): a
// style of its own id making the body's content `content-visibility: hidden`, which lays nothing of
// it out and keeps what was laid out, unlike `display: none` (its boxes destroyed, a layout after
// it starts afresh: at 1 × the review the layout in columns took ~110 ms from it instead of ~30).

/** The body's content hidden from the screen (`id`: the style's). */
export function hideFromScreen(id: string): void {
  let style = document.getElementById(id);
  if (!style) {
    style = document.createElement('style');
    style.id = id;
    document.head.append(style);
  }
  style.textContent = 'body { content-visibility: hidden !important; }';
}

/** The style hiding the body from the screen, if any, set aside (disabled) until the function returned is called. */
export function shownForNow(id: string): () => void {
  const style = document.getElementById(id) as HTMLStyleElement | null;
  if (!style?.sheet) return () => {};
  style.sheet.disabled = true;
  return () => {
    if (style.sheet) style.sheet.disabled = false;
  };
}
