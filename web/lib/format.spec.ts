import { describe, expect, it } from 'vitest';
import { formatDateTime, formatPrice } from './format';

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
