/**
 * The words of a description that may be rich text, for places that show text only (cards, meta
 * description, JSON-LD). Not a sanitiser: the result is always written as text (Svelte and the
 * JSON-LD serialiser escape it), so removing tags only has to read well, not be safe. Shared by the
 * server and the card component, which must not ship sanitize-html to the browser.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

export function stripMarkup(text: string): string {
  return text
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/(p|li|h3|h4|blockquote)>|<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name])
    .replace(/\s+/g, ' ')
    .trim();
}
