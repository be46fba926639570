import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '#lib/paraglide/runtime.js';
import {
  multiRegistrationSchema,
  registrationSchema,
  registrationUpdateSchema,
  toRegistrationInput,
  toRegistrationUpdate
} from './registration.ts';

const originalGetLocale = getLocale;
afterEach(() => overwriteGetLocale(originalGetLocale));

const valid = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  company: 'Analytical Engines Ltd',
  termsAccepted: true,
  privacyConsent: true
};

function parse(input: Record<string, unknown>) {
  return v.safeParse(registrationSchema(), input);
}

/** The messages of a refused input, by field. */
function messages(input: Record<string, unknown>): Record<string, string[]> {
  const result = parse(input);
  expect(result.success).toBe(false);
  const out: Record<string, string[]> = {};
  for (const issue of result.issues ?? []) {
    const key = issue.path?.map((p) => p.key).join('.') ?? '';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

describe('registration schema: the spec’s valid cases', () => {
  it('accepts the minimum (required fields and the two required consents) with every option off', () => {
    const result = parse(valid);
    expect(result.success).toBe(true);
    expect(result.output).toMatchObject({
      marketingConsent: false,
      consultantFollowUpConsent: false,
      dataProcessingConsent: false,
      fax: ''
    });
  });

  it('accepts every field at its limits, names in other scripts, apostrophes and hyphens', () => {
    const result = parse({
      ...valid,
      firstName: 'Zoë-Anne',
      lastName: "O'Brien-Müller",
      phone: '+49 (30) 123-4567',
      company: 'C'.repeat(200),
      position: 'P'.repeat(200),
      website: 'https://example.com/path?x=1',
      industryVertical: 'Manufacturing',
      currentChallenges: 'Scaling\nHiring < 10 people',
      expertiseInterest: ['AI', 'Cloud'],
      specificQuestions: 'How do I start? Is SELECT * bad?',
      learningObjectives: 'x'.repeat(2000),
      followUpPreference: 'consultation',
      specialRequirements: 's'.repeat(500),
      accessibilityNeeds: 'Captions, please',
      marketingConsent: true
    });
    expect(result.issues).toBeUndefined();
    expect(parse({ ...valid, firstName: '李雷', lastName: 'Петров' }).success).toBe(true);
  });

  it('trims surrounding whitespace before checking lengths', () => {
    expect(parse({ ...valid, firstName: '  Al  ', email: '  ada@example.com ' }).output).toMatchObject({
      firstName: 'Al',
      email: 'ada@example.com'
    });
  });
});

describe('registration schema: each invalid case with its message naming the field', () => {
  it.each([
    ['firstName', { firstName: 'A' }, 'First name: please enter 2 to 50 characters.'],
    ['firstName', { firstName: '' }, 'First name: please fill this in.'],
    ['lastName', { lastName: 'L'.repeat(51) }, 'Last name: please enter 2 to 50 characters.'],
    ['company', { company: 'C' }, 'Company: please enter 2 to 200 characters.'],
    ['company', { company: 'C'.repeat(201) }, 'Company: please enter 2 to 200 characters.'],
    ['email', { email: 'not-an-email' }, 'Email: please enter a valid email address.'],
    ['email', { email: `${'a'.repeat(250)}@example.com` }, 'Email: please enter a valid email address.'],
    ['website', { website: 'javascript:alert(1)' }, 'Website: please enter a web address starting with http:// or https://.'],
    ['website', { website: 'ftp://example.com' }, 'Website: please enter a web address starting with http:// or https://.'],
    ['phone', { phone: 'call me' }, 'Phone: please enter a phone number such as +49 30 1234567.'],
    ['position', { position: 'P'.repeat(201) }, 'Position: please keep it to 200 characters.'],
    ['specialRequirements', { specialRequirements: 's'.repeat(501) }, 'Special requirements: please keep it to 500 characters.'],
    [
      'specificQuestions',
      { specificQuestions: 'q'.repeat(2001) },
      'Questions for the speaker: please keep it to 2000 characters.'
    ],
    ['termsAccepted', { termsAccepted: false }, 'Terms: please accept the terms of participation to register.'],
    ['privacyConsent', { privacyConsent: false }, 'Privacy: please agree to the privacy notice to register.'],
    ['firstName', { firstName: '<script>alert(1)</script>' }, 'First name: HTML tags are not allowed.'],
    ['company', { company: 'Evil <img src=x onerror=alert(1)>' }, 'Company: HTML tags are not allowed.'],
    [
      'lastName',
      { lastName: "x'); DROP TABLE registrations;--" },
      'Last name: please use letters only (spaces, hyphens and apostrophes are fine).'
    ],
    [
      'firstName',
      { firstName: 'Ad\u0000a' },
      'First name: contains invisible control characters or line breaks. Please remove them.'
    ],
    ['company', { company: 'Acme\nLtd' }, 'Company: contains invisible control characters or line breaks. Please remove them.'],
    ['company', { company: 'Acme \uFFFD Ltd' }, 'Company: contains characters that could not be read. Please type it again.'],
    ['company', { company: 'Acme \uD800 Ltd' }, 'Company: contains characters that could not be read. Please type it again.'],
    [
      'currentChallenges',
      { currentChallenges: Array.from({ length: 21 }, (_, i) => `c${i}`).join('\n') },
      'Current challenges: please list at most 20.'
    ],
    [
      'currentChallenges',
      { currentChallenges: 'c'.repeat(201) },
      'Current challenges: each line can have at most 200 characters.'
    ],
    ['followUpPreference', { followUpPreference: 'fax' }, 'How should we follow up?: please choose one of the options.'],
    ['fax', { fax: 'http://spam.example' }, 'This form could not be sent. Please try again.']
  ])('%s: %j', (field, change, expected) => {
    expect(messages({ ...valid, ...change })[field]).toContain(expected);
  });

  it('refuses a missing consent even when the value is a truthy string', () => {
    expect(messages({ ...valid, termsAccepted: 'yes' }).termsAccepted).toBeDefined();
  });

  it('speaks German on German pages', () => {
    overwriteGetLocale(() => 'de');
    expect(messages({ ...valid, firstName: 'A' }).firstName).toContain('Vorname: Bitte geben Sie 2 bis 50 Zeichen ein.');
    expect(messages({ ...valid, privacyConsent: false }).privacyConsent).toContain(
      'Datenschutz: Bitte stimmen Sie den Datenschutzhinweisen zu, um sich anzumelden.'
    );
  });
});

describe('schemas built once per language', () => {
  it('reuses the schema within a language and keeps each language its own messages', () => {
    const english = registrationSchema();
    expect(registrationSchema()).toBe(english); // superforms caches its analysis by schema object
    overwriteGetLocale(() => 'de');
    const german = registrationSchema();
    expect(german).not.toBe(english);
    expect(registrationSchema()).toBe(german);
    expect(messages({ ...valid, firstName: 'A' }).firstName.join(' ')).toMatch(/^Vorname/);
    overwriteGetLocale(originalGetLocale);
    expect(messages({ ...valid, firstName: 'A' }).firstName.join(' ')).toMatch(/^First name/);
  });
});

describe('mapping to the engine', () => {
  it('turns the flat form into RegistrationInput: empty → null, lines → list, services nested', () => {
    const form = v.parse(registrationSchema(), {
      ...valid,
      currentChallenges: ' Scaling \n\n Hiring ',
      expertiseInterest: ['AI', 'AI'],
      interestedWorkshopSeries: true,
      consultantFollowUpConsent: true
    });
    const input = toRegistrationInput(form, { sessionId: 's-1', language: 'de', registrationSessionId: 'r-1' });
    expect(input).toMatchObject({
      sessionId: 's-1',
      language: 'de',
      registrationSessionId: 'r-1',
      attendee: {
        email: 'ada@example.com',
        phone: null,
        website: null,
        followUpPreference: null,
        currentChallenges: ['Scaling', 'Hiring'],
        expertiseInterest: ['AI'],
        interestedServices: { workshopSeries: true, oneOnOneConsultation: false }
      },
      consents: {
        termsAccepted: true,
        privacyConsent: true,
        marketingConsent: false,
        consultantFollowUpConsent: true,
        textVersion: ''
      }
    });
  });

  it('the update form has no email, honeypot or required consents, and maps to a RegistrationUpdate', () => {
    const form = v.parse(registrationUpdateSchema(), { ...valid, email: 'ignored@example.com', marketingConsent: true });
    expect(form).not.toHaveProperty('email');
    expect(toRegistrationUpdate(form)).toMatchObject({ attendee: { firstName: 'Ada' }, consents: { marketingConsent: true } });
  });

  it('the multi form needs one to ten sessions', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(v.safeParse(multiRegistrationSchema(), { ...valid, sessionIds: [] }).success).toBe(false);
    expect(v.safeParse(multiRegistrationSchema(), { ...valid, sessionIds: Array(11).fill(id) }).success).toBe(false);
    expect(v.safeParse(multiRegistrationSchema(), { ...valid, sessionIds: ['not-a-uuid'] }).success).toBe(false);
    expect(v.safeParse(multiRegistrationSchema(), { ...valid, sessionIds: [id] }).success).toBe(true);
  });
});
