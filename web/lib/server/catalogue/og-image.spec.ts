import { describe, expect, it } from 'vitest';
import { escapeXml, OG_HEIGHT, OG_WIDTH, ogETag, ogPng, ogSvg, renderOgPng, wrapText, type OgImageInput } from './og-image.ts';

const input: OgImageInput = {
  title: 'Generative KI in der Praxis: Vom Pilotprojekt zur Produktion',
  when: 'Di., 1. Dez. 2026, 14:00 MEZ',
  zone: 'Europe/Berlin',
  speakers: ['Dr. Hannah Müller', 'Jörg Weiß'],
  category: 'AI & Data',
  brand: 'Magnetiq Webinare'
};

describe('og image', () => {
  it('escapes every text put into the SVG', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>\u0007`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;'
    );
    const svg = ogSvg({ ...input, title: '</text><script>alert(1)</script>', speakers: ['A & B <c>'] });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    expect(svg).toContain('A &amp; B &lt;c&gt;');
  });

  it('wraps long titles into at most three lines, ending with an ellipsis', () => {
    const lines = wrapText('word '.repeat(80), 62, 1040, 3, true);
    expect(lines).toHaveLength(3);
    expect(lines[2].endsWith('…')).toBe(true);
    expect(wrapText('Short title', 62, 1040, 3, true)).toEqual(['Short title']);
  });

  it('renders a 1200×630 PNG and keys it by its texts', async () => {
    const png = await renderOgPng(input);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([OG_WIDTH, OG_HEIGHT]);
    expect(ogETag(input)).toBe(ogETag({ ...input }));
    expect(ogETag({ ...input, title: 'Another title' })).not.toBe(ogETag(input));
    // Concurrent requests for the same texts share one render, and later ones come from the cache.
    const other = { ...input, title: 'Rendered once' };
    const [a, b] = await Promise.all([ogPng(other), ogPng(other)]);
    expect(a).toBe(b);
    expect(await ogPng(other)).toBe(a);
  });
});
