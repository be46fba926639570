/**
 * Rich text for descriptions: a small HTML subset (paragraphs, emphasis, lists, links, sub-headings,
 * quotes) that admins write in the topic editor. Sanitised with sanitize-html (an allowlist parser,
 * not regexes) when it is saved, and again when it is shown (defence in depth: rows written before
 * this existed, or by another tool, are plain text or unchecked HTML).
 *
 * Plain text stays valid input: a text without any allowed tag is escaped and split into paragraphs
 * at blank lines, so the older plain descriptions render as before.
 */
import sanitizeHtml from 'sanitize-html';
import { stripMarkup } from '../plain-text.ts';

const OPTIONS: sanitizeHtml.IOptions = {
  // No h1/h2: a description sits inside the page's own heading hierarchy.
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 'ul', 'ol', 'li', 'a', 'h3', 'h4', 'blockquote'],
  // rel and target are set by the transform below (which runs before the attribute filter) and
  // override whatever the input said.
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Links leave the site in a new context and pass no referrer or window handle.
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
    b: 'strong',
    i: 'em'
  }
};

const TAG = /<\/?(p|br|strong|b|em|i|u|ul|ol|li|a|h3|h4|blockquote)\b[^>]*>/i;

/** True when the text uses at least one allowed tag (otherwise it is plain text). */
export function isRichText(text: string): boolean {
  return TAG.test(text);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text as paragraphs; single newlines become line breaks. */
function plainToHtml(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * What is stored: rich text sanitised to the allowlist, plain text kept as typed. Empty markup
 * (e.g. "<p></p>") comes back as an empty string, so "required" checks still work.
 */
export function sanitizeRichText(input: string): string {
  const text = input.trim();
  if (!isRichText(text)) return text;
  const clean = sanitizeHtml(text, OPTIONS).trim();
  return toPlainText(clean) === '' ? '' : clean;
}

/** Safe HTML to render with {@html}: sanitised rich text, or escaped plain text in paragraphs. */
export function richTextToHtml(stored: string): string {
  return isRichText(stored) ? sanitizeHtml(stored, OPTIONS) : plainToHtml(stored);
}

/** The words only (meta descriptions, JSON-LD); plain text is returned as typed. */
export function toPlainText(stored: string): string {
  return isRichText(stored) ? stripMarkup(stored) : stored.trim();
}
