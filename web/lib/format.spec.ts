import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatDateTime, formatOffset, formatPrice, formatRating, zoneLabel } from './format';

describe('formatDateTime', () => {
  it('renders the instant in the session zone, across the DST change', () => {
    // 25 Oct 2026 is the last Sunday of October: Berlin moves from CEST (+2) to CET (+1).
    expect(formatDateTime('2026-10-24T12:00:00Z', 'Europe/Berlin', 'en')).toContain('14:00');
    expect(formatDateTime('2026-10-26T12:00:00Z', 'Europe/Berlin', 'en')).toContain('13:00');
  });
  it('renders German dates for German pages', () => {
    expect(formatDateTime('2026-12-01T13:00:00Z', 'Europe/Berlin', 'de')).toMatch(/1\. Dez\. 2026/);
  });
});

describe('formatPrice', () => {
  it('formats exact numeric strings per locale', () => {
    expect(formatPrice('49.00', 'EUR', 'en')).toBe('€49.00');
    expect(formatPrice('49.00', 'EUR', 'de')).toBe('49,00\u00a0€');
  });
});

describe('formatDate and zone labels', () => {
  it('takes the date in the given zone (late evening in New York is the next day in Berlin)', () => {
    expect(formatDate('2026-12-02T03:30:00Z', 'America/New_York', 'en')).toBe('1 Dec 2026');
    expect(formatDate('2026-12-02T03:30:00Z', 'Europe/Berlin', 'en')).toBe('2 Dec 2026');
  });
  it('makes zone names readable without changing them', () => {
    expect(zoneLabel('America/New_York')).toBe('America/New York');
  });
  it('formats ratings, counts and agenda offsets per locale', () => {
    expect(formatRating('4.50', 'de')).toBe('4,5');
    expect(formatCount(1234, 'en')).toBe('1,234');
    expect(formatOffset(75)).toBe('1:15');
  });
});
