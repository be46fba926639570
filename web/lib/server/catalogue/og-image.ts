/**
 * The Open Graph image of a session: a 1200×630 PNG (LinkedIn and X refuse SVG) drawn from an SVG
 * built here and rasterised by resvg (`@resvg/resvg-js`, prebuilt native binary, no install script).
 * The font is Inter (OFL, npm `@expo-google-fonts/inter`, TrueType, which resvg reads), loaded from
 * files, never from the system, so every machine renders the same image.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

const require = createRequire(import.meta.url);
const FONT_FILES = [
  require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
  require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf')
];

export interface OgImageInput {
  /** Session title in the page language. */
  title: string;
  /** Start date and time, formatted in the session's own zone, e.g. "Tue, 1 Dec 2026, 14:00 CET"; empty for the site-wide image. */
  when: string;
  /** The zone's readable name, e.g. "Europe/Berlin". */
  zone: string;
  /** Speakers on stage, "Dr. Anna Schmidt". */
  speakers: string[];
  category: string;
  brand: string;
}

/** Text for SVG character data and attribute values: the five XML specials, and no control characters. */
export function escapeXml(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

// Approximate advance widths of Inter in em, enough to wrap lines without measuring glyphs.
function textWidth(text: string, size: number, bold: boolean): number {
  let em = 0;
  for (const ch of text) {
    if (ch === ' ') em += 0.28;
    else if ("iljtfrI.,:;!|'’()[]".includes(ch)) em += 0.3;
    else if ('mwMW@'.includes(ch)) em += 0.85;
    else if (ch >= 'A' && ch <= 'Z') em += 0.68;
    else if (ch >= '0' && ch <= '9') em += 0.6;
    else em += 0.56;
  }
  return em * size * (bold ? 1.04 : 1);
}

/** Greedy word wrap into at most `maxLines` lines; the last line ends with "…" when text is left over. */
export function wrapText(text: string, size: number, maxWidth: number, maxLines: number, bold = false): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (let i = 0; i < words.length; i++) {
    let word = words[i];
    // A single word wider than the line is cut.
    while (textWidth(word, size, bold) > maxWidth && word.length > 1) word = word.slice(0, -1);
    const candidate = current ? `${current} ${word}` : word;
    if (textWidth(candidate, size, bold) <= maxWidth) {
      current = candidate;
      continue;
    }
    lines.push(current);
    current = word;
    if (lines.length === maxLines) {
      current = '';
      const last = lines[maxLines - 1];
      let cut = last;
      while (cut.length > 1 && textWidth(`${cut}…`, size, bold) > maxWidth) cut = cut.slice(0, -1);
      lines[maxLines - 1] = `${cut.trimEnd()}…`;
      break;
    }
  }
  if (current && lines.length < maxLines) lines.push(current);
  return lines;
}

/** The image as SVG source; every piece of text is escaped. */
export function ogSvg(input: OgImageInput): string {
  const pad = 80;
  const width = OG_WIDTH - 2 * pad;
  const titleSize = input.title.length > 70 ? 52 : 62;
  const titleLines = wrapText(input.title, titleSize, width, 3, true);
  const lineHeight = Math.round(titleSize * 1.18);
  const titleTop = 230;
  const speakers = wrapText(input.speakers.join(' · '), 32, width, 1)[0] ?? '';
  const category = input.category.toUpperCase();
  // The site-wide image (no date) leaves out the date block.
  const lower = input.when
    ? `<rect x="${pad}" y="468" width="80" height="5" rx="2" fill="#e63946"/>
<text x="${pad}" y="520" font-size="32" font-weight="700">${escapeXml(input.when)}<tspan font-size="26" font-weight="400" fill="#a8dadc">  ${escapeXml(input.zone)}</tspan></text>
<text x="${pad}" y="570" font-size="28" fill="#a8dadc">${escapeXml(speakers)}</text>`
    : '';
  const title = titleLines
    .map((line, i) => `<tspan x="${pad}" y="${titleTop + i * lineHeight}">${escapeXml(line)}</tspan>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${OG_WIDTH}" height="${OG_HEIGHT}" viewBox="0 0 ${OG_WIDTH} ${OG_HEIGHT}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1d3557"/><stop offset="1" stop-color="#2f5d8a"/></linearGradient></defs>
<rect width="${OG_WIDTH}" height="${OG_HEIGHT}" fill="url(#bg)"/>
<circle cx="1110" cy="90" r="230" fill="#ffffff" fill-opacity="0.05"/>
<circle cx="1160" cy="600" r="160" fill="#e63946" fill-opacity="0.18"/>
<g font-family="Inter" fill="#f1faee">
<rect x="${pad}" y="70" width="56" height="56" rx="11" fill="#f1faee"/>
<path d="M${pad + 12} ${70 + 41}V${70 + 16}l16 14 16-14v25" stroke="#1d3557" stroke-width="5" fill="none" stroke-linejoin="round"/>
<text x="${pad + 76}" y="109" font-size="32" font-weight="700">${escapeXml(input.brand)}</text>
<text x="${OG_WIDTH - pad}" y="109" font-size="22" font-weight="700" text-anchor="end" fill="#a8dadc" letter-spacing="2">${escapeXml(category)}</text>
<text font-size="${titleSize}" font-weight="700">${title}</text>
${lower}
</g>
</svg>`;
}

/** Bump when the drawing changes, so ETags (and caches keyed by them) change with it. */
const DESIGN_VERSION = 1;

/** A strong validator for the image: a hash of everything drawn, so any change to the texts changes it. */
export function ogETag(input: OgImageInput): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([DESIGN_VERSION, input]))
    .digest('base64url');
  return `"og-${hash.slice(0, 27)}"`;
}

// Rendering costs ~35 ms of CPU, so recent images are kept by ETag (≈150 KB each, bounded), and
// concurrent requests for the same texts (several link-preview bots at once) share one render.
const MAX_CACHED = 64;
const cache = new Map<string, Buffer>();
const rendering = new Map<string, Promise<Buffer>>();

/** The PNG for an input, from the small in-process cache when the same texts were drawn recently. */
export function ogPng(input: OgImageInput, etag = ogETag(input)): Promise<Buffer> {
  const hit = cache.get(etag);
  if (hit) {
    // Refresh its place in the insertion order (least recently used goes first).
    cache.delete(etag);
    cache.set(etag, hit);
    return Promise.resolve(hit);
  }
  let pending = rendering.get(etag);
  if (!pending) {
    pending = renderOgPng(input)
      .then((png) => {
        cache.set(etag, png);
        if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
        return png;
      })
      .finally(() => rendering.delete(etag));
    rendering.set(etag, pending);
  }
  return pending;
}

/** Rasterises the image (~35 ms of CPU, on libuv's thread pool, off the event loop); use `ogPng` for the cached path. */
export async function renderOgPng(input: OgImageInput): Promise<Buffer> {
  const image = await renderAsync(ogSvg(input), {
    fitTo: { mode: 'original' },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'Inter' }
  });
  return image.asPng();
}

/**
 * The HTTP answer for an Open Graph image: 304 when the client already has these texts drawn
 * (`If-None-Match`), else the PNG, with the ETag and `cacheControl` either way.
 */
export async function ogImageResponse(
  request: Request,
  input: OgImageInput,
  cacheHeaders: { 'cache-control': string; vary?: string }
): Promise<Response> {
  const etag = ogETag(input);
  const headers = { etag, ...cacheHeaders };
  const match = request.headers.get('if-none-match');
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    return new Response(null, { status: 304, headers });
  }
  const png = await ogPng(input, etag);
  return new Response(new Uint8Array(png), {
    headers: { ...headers, 'content-type': 'image/png', 'content-length': String(png.length) }
  });
}
