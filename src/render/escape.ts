// Text → HTML-safe text, for the pages we write by hand (dev overlay, print view, proof sheet).
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
