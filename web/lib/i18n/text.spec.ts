import { describe, expect, it } from 'vitest';
import { pickText } from './text';

describe('pickText', () => {
  it('returns the requested language when present', () => {
    expect(pickText({ en: 'Hello', de: 'Hallo' }, 'de')).toEqual({ text: 'Hallo', lang: 'de', fallback: false });
  });
  it('falls back to English and says so', () => {
    expect(pickText({ en: 'Hello' }, 'de')).toEqual({ text: 'Hello', lang: 'en', fallback: true });
    expect(pickText({ en: 'Hello', de: '  ' }, 'de')).toEqual({ text: 'Hello', lang: 'en', fallback: true });
  });
  it('copes with missing values', () => {
    expect(pickText(null, 'en')).toEqual({ text: '', lang: 'en', fallback: false });
  });
});
