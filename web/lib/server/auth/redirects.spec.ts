import { describe, expect, it } from 'vitest';
import { homeFor, safeNext } from './redirects.ts';

describe('safeNext', () => {
  it('keeps same-site paths', () => expect(safeNext('/admin?x=1')).toBe('/admin?x=1'));
  it('refuses other sites and odd forms', () => {
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'admin', null])
      expect(safeNext(bad)).toBeNull();
  });
});

describe('homeFor', () => {
  it('sends each role to its area', () => {
    expect(homeFor('admin')).toBe('/admin');
    expect(homeFor('consultant')).toBe('/consultant');
    expect(homeFor(null)).toBe('/webinars');
  });
});
