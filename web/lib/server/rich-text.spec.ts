import { describe, expect, it } from 'vitest';
import { stripMarkup } from '../plain-text.ts';
import { isRichText, richTextToHtml, sanitizeRichText, toPlainText } from './rich-text.ts';

describe('rich text', () => {
  it('keeps the allowed subset and strips scripts, handlers, styles and javascript: links', () => {
    const input =
      '<h2>Big</h2><p onclick="x()" style="color:red">Hello <b>bold</b> <script>alert(1)</script><a href="javascript:alert(1)">bad</a> <a href="https://example.com" target="_self">good</a></p><img src=x onerror=alert(1)>';
    expect(sanitizeRichText(input)).toBe(
      'Big<p>Hello <strong>bold</strong> <a rel="noopener noreferrer nofollow" target="_blank">bad</a> <a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">good</a></p>'
    );
  });

  it('keeps plain text as typed and renders it escaped, in paragraphs', () => {
    const plain = 'Fish & chips\n\n<3 line one\nline two';
    expect(isRichText(plain)).toBe(false);
    expect(sanitizeRichText(plain)).toBe(plain);
    expect(richTextToHtml(plain)).toBe('<p>Fish &amp; chips</p><p>&lt;3 line one<br>line two</p>');
  });

  it('empty markup counts as empty; plain text of rich text has spaces between blocks and decoded entities', () => {
    expect(sanitizeRichText('<p> </p><p><br></p>')).toBe('');
    expect(toPlainText('<p>One &amp; two</p><ul><li>A</li><li>B</li></ul>')).toBe('One & two A B');
  });

  it('sanitises again on render (rows written by other tools)', () => {
    expect(richTextToHtml('<p>ok</p><iframe src="https://evil.example"></iframe>')).toBe('<p>ok</p>');
  });
});

describe('card text', () => {
  it('a card shows the words of a rich description, decoded, without tags or script text', () => {
    expect(stripMarkup('<p>Cut &amp; save</p><script>alert(1)</script><ul><li>A</li><li>B</li></ul>')).toBe('Cut & save A B');
    expect(stripMarkup('Plain & simple')).toBe('Plain & simple');
  });
});
