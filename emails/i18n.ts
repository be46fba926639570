/**
 * Every string the emails show, in English and German. Typed so a missing translation is a type
 * error, not a blank line in someone's inbox. Values are plain text: React escapes them on render.
 */

export type EmailLocale = 'en' | 'de';

/** Why a registration email goes out; the engine sends one job per change. */
export const REGISTRATION_EMAIL_KINDS = [
  'confirmation',
  'waitlisted',
  'pending_approval',
  'promoted',
  'approved',
  'rejected',
  'cancelled',
  // Sent by the organisers rather than by a registration change (see compose.ts VALID_STATUSES):
  'rescheduled',
  'session_cancelled',
  'reminder',
  'meeting_details',
  'message'
] as const;
export type RegistrationEmailKind = (typeof REGISTRATION_EMAIL_KINDS)[number];

export interface KindStrings {
  subject: (title: string) => string;
  /** The inbox preview line. */
  preview: (title: string) => string;
  heading: string;
  intro: string;
}

export interface EmailStrings {
  brand: string;
  tagline: string;
  greeting: (firstName: string) => string;
  kinds: Record<RegistrationEmailKind, KindStrings>;
  sessionHeading: string;
  date: string;
  time: string;
  timeZoneNote: (zone: string) => string;
  duration: (minutes: number) => string;
  speakers: string;
  expertise: string;
  roles: Record<'primary' | 'panelist' | 'moderator', string>;
  waitlistPosition: (position: number) => string;
  waitlistHint: string;
  pendingHint: string;
  cancellationReason: string;
  preparationHeading: string;
  prerequisites: string;
  materials: string;
  technicalHeading: string;
  technicalNotes: (platform: string) => string;
  meetingHeading: string;
  joinButton: string;
  meetingPassword: string;
  meetingHint: string;
  calendarUpdated: string;
  calendarAttached: string;
  calendarRemoved: string;
  manageHeading: string;
  manageHint: string;
  manageButton: string;
  viewSession: string;
  supportHeading: string;
  support: string;
  footerReason: string;
  legal: string;
}

const PLATFORMS: Record<string, string> = { zoom: 'Zoom', teams: 'Microsoft Teams', webex: 'Webex', custom: '' };

/** Display name of the meeting platform ("custom" has none, the sentence then omits it). */
export function platformName(platform: string): string {
  return PLATFORMS[platform] ?? platform;
}

const en: EmailStrings = {
  brand: 'Magnetiq Webinars',
  tagline: 'Expert-led webinars',
  greeting: (firstName) => `Hello ${firstName},`,
  kinds: {
    confirmation: {
      subject: (title) => `You're registered: ${title}`,
      preview: (title) => `Your seat for "${title}" is confirmed.`,
      heading: 'Welcome, your seat is confirmed',
      intro: 'Thank you for registering. We look forward to seeing you; everything you need is below.'
    },
    waitlisted: {
      subject: (title) => `You're on the waitlist: ${title}`,
      preview: (title) => `"${title}" is full; you are on the waitlist.`,
      heading: "You're on the waitlist",
      intro: 'This session is fully booked right now, so we have put you on the waitlist.'
    },
    pending_approval: {
      subject: (title) => `Registration received: ${title}`,
      preview: (title) => `We are reviewing your registration for "${title}".`,
      heading: 'We have received your registration',
      intro: 'Seats for this session are confirmed by our team. We will write to you as soon as your registration is reviewed.'
    },
    promoted: {
      subject: (title) => `A seat opened up, you're confirmed: ${title}`,
      preview: (title) => `Good news: you moved up from the waitlist for "${title}".`,
      heading: 'Good news: you have a seat',
      intro: 'A seat became free and you were next on the waitlist. Your registration is now confirmed.'
    },
    approved: {
      subject: (title) => `Your registration is approved: ${title}`,
      preview: (title) => `Your seat for "${title}" is confirmed.`,
      heading: 'Your registration is approved',
      intro: 'Our team has approved your registration. Your seat is confirmed.'
    },
    rejected: {
      subject: (title) => `About your registration: ${title}`,
      preview: (title) => `We could not confirm your registration for "${title}".`,
      heading: 'We could not confirm your registration',
      intro: 'Thank you for your interest. Unfortunately we cannot offer you a seat in this session.'
    },
    cancelled: {
      subject: (title) => `Registration cancelled: ${title}`,
      preview: (title) => `Your registration for "${title}" has been cancelled.`,
      heading: 'Your registration is cancelled',
      intro: 'Your registration has been cancelled. If this was a mistake, you are welcome to register again.'
    },
    rescheduled: {
      subject: (title) => `New date: ${title}`,
      preview: (title) => `"${title}" has moved to a new date.`,
      heading: 'The session has a new date',
      intro: 'We had to move this session. The new date and time are below; your registration stays as it is.'
    },
    session_cancelled: {
      subject: (title) => `Session cancelled: ${title}`,
      preview: (title) => `Unfortunately "${title}" will not take place.`,
      heading: 'This session is cancelled',
      intro: 'We are sorry: this session will not take place. Your registration has been closed; you do not need to do anything.'
    },
    reminder: {
      subject: (title) => `Reminder: ${title}`,
      preview: (title) => `"${title}" starts soon.`,
      heading: 'See you soon',
      intro: 'This is a reminder of the session you registered for. Everything you need to join is below.'
    },
    meeting_details: {
      subject: (title) => `How to join: ${title}`,
      preview: (title) => `Your access details for "${title}".`,
      heading: 'Your access details',
      intro: 'Here is how to join the session. Please keep this email at hand.'
    },
    message: {
      subject: (title) => `A message about ${title}`,
      preview: (title) => `News about "${title}".`,
      heading: 'A message from the organisers',
      intro: ''
    }
  },

  sessionHeading: 'Session',
  date: 'Date',
  time: 'Time',
  timeZoneNote: (zone) => `Times are shown in the session's time zone (${zone}). The calendar invite adjusts to your own zone.`,
  duration: (minutes) => `${minutes} minutes`,
  speakers: 'Your experts',
  expertise: 'Expertise',
  roles: { primary: 'Speaker', panelist: 'Panelist', moderator: 'Moderator' },
  waitlistPosition: (position) => `Your position on the waitlist: ${position}`,
  waitlistHint: 'If a seat becomes free, we confirm you automatically and let you know by email.',
  pendingHint: 'You do not need to do anything now.',
  cancellationReason: 'Reason',
  preparationHeading: 'How to prepare',
  prerequisites: 'Before the session',
  materials: 'Preparation materials',
  technicalHeading: 'Technical notes',
  technicalNotes: (platform) =>
    platform
      ? `The session runs on ${platform}; you can join from your browser or the app. Please check your audio a few minutes before the start.`
      : 'You can join from your browser. Please check your audio a few minutes before the start.',
  meetingHeading: 'How to join',
  joinButton: 'Join the session',
  meetingPassword: 'Meeting password',
  meetingHint: 'The link opens a few minutes before the start. Please do not share it: it is for registered attendees.',
  calendarUpdated: 'The attached calendar update (invite.ics) moves the session in your calendar.',
  calendarAttached: 'The calendar invitation is attached (invite.ics).',
  calendarRemoved: 'The attached calendar update removes the session from your calendar.',
  manageHeading: 'Your registration',
  manageHint:
    'Use your personal link to view or change your details, cancel, download the invite again, or export or erase your data. Please do not forward it: anyone with the link can manage your registration.',
  manageButton: 'Manage my registration',
  viewSession: 'View the session page',
  supportHeading: 'Questions?',
  support: 'Write to us, we are happy to help:',
  footerReason: 'You receive this email because you registered for a Magnetiq webinar.',
  legal: 'Magnetiq Consulting · This is a transactional message about your registration.'
};

const de: EmailStrings = {
  brand: 'Magnetiq Webinare',
  tagline: 'Webinare mit Expertinnen und Experten',
  greeting: (firstName) => `Hallo ${firstName},`,
  kinds: {
    confirmation: {
      subject: (title) => `Anmeldung bestätigt: ${title}`,
      preview: (title) => `Ihr Platz für „${title}“ ist bestätigt.`,
      heading: 'Willkommen, Ihr Platz ist bestätigt',
      intro: 'Vielen Dank für Ihre Anmeldung. Wir freuen uns auf Sie; alles Wichtige finden Sie unten.'
    },
    waitlisted: {
      subject: (title) => `Sie stehen auf der Warteliste: ${title}`,
      preview: (title) => `„${title}“ ist ausgebucht; Sie stehen auf der Warteliste.`,
      heading: 'Sie stehen auf der Warteliste',
      intro: 'Diese Session ist derzeit ausgebucht, daher haben wir Sie auf die Warteliste gesetzt.'
    },
    pending_approval: {
      subject: (title) => `Anmeldung eingegangen: ${title}`,
      preview: (title) => `Wir prüfen Ihre Anmeldung für „${title}“.`,
      heading: 'Ihre Anmeldung ist eingegangen',
      intro: 'Plätze für diese Session werden von unserem Team bestätigt. Wir melden uns, sobald Ihre Anmeldung geprüft ist.'
    },
    promoted: {
      subject: (title) => `Ein Platz ist frei geworden, Sie sind dabei: ${title}`,
      preview: (title) => `Gute Nachricht: Sie sind von der Warteliste für „${title}“ nachgerückt.`,
      heading: 'Gute Nachricht: Sie haben einen Platz',
      intro: 'Ein Platz ist frei geworden und Sie waren als Nächstes auf der Warteliste. Ihre Anmeldung ist jetzt bestätigt.'
    },
    approved: {
      subject: (title) => `Ihre Anmeldung wurde angenommen: ${title}`,
      preview: (title) => `Ihr Platz für „${title}“ ist bestätigt.`,
      heading: 'Ihre Anmeldung wurde angenommen',
      intro: 'Unser Team hat Ihre Anmeldung angenommen. Ihr Platz ist bestätigt.'
    },
    rejected: {
      subject: (title) => `Zu Ihrer Anmeldung: ${title}`,
      preview: (title) => `Wir konnten Ihre Anmeldung für „${title}“ nicht bestätigen.`,
      heading: 'Wir konnten Ihre Anmeldung nicht bestätigen',
      intro: 'Vielen Dank für Ihr Interesse. Leider können wir Ihnen für diese Session keinen Platz anbieten.'
    },
    cancelled: {
      subject: (title) => `Anmeldung storniert: ${title}`,
      preview: (title) => `Ihre Anmeldung für „${title}“ wurde storniert.`,
      heading: 'Ihre Anmeldung ist storniert',
      intro: 'Ihre Anmeldung wurde storniert. Falls das ein Versehen war, können Sie sich gern erneut anmelden.'
    },
    rescheduled: {
      subject: (title) => `Neuer Termin: ${title}`,
      preview: (title) => `„${title}“ findet an einem neuen Termin statt.`,
      heading: 'Die Session hat einen neuen Termin',
      intro: 'Wir mussten diese Session verschieben. Den neuen Termin finden Sie unten; Ihre Anmeldung bleibt bestehen.'
    },
    session_cancelled: {
      subject: (title) => `Session abgesagt: ${title}`,
      preview: (title) => `Leider findet „${title}“ nicht statt.`,
      heading: 'Diese Session ist abgesagt',
      intro: 'Es tut uns leid: Diese Session findet nicht statt. Ihre Anmeldung wurde geschlossen; Sie müssen nichts weiter tun.'
    },
    reminder: {
      subject: (title) => `Erinnerung: ${title}`,
      preview: (title) => `„${title}“ beginnt bald.`,
      heading: 'Bis bald',
      intro: 'Wir erinnern Sie an die Session, für die Sie sich angemeldet haben. Alles zur Teilnahme finden Sie unten.'
    },
    meeting_details: {
      subject: (title) => `So nehmen Sie teil: ${title}`,
      preview: (title) => `Ihre Zugangsdaten für „${title}“.`,
      heading: 'Ihre Zugangsdaten',
      intro: 'So nehmen Sie an der Session teil. Bitte halten Sie diese E-Mail bereit.'
    },
    message: {
      subject: (title) => `Eine Nachricht zu ${title}`,
      preview: (title) => `Neuigkeiten zu „${title}“.`,
      heading: 'Eine Nachricht des Veranstaltungsteams',
      intro: ''
    }
  },

  sessionHeading: 'Session',
  date: 'Datum',
  time: 'Uhrzeit',
  timeZoneNote: (zone) =>
    `Die Zeiten gelten in der Zeitzone der Session (${zone}). Die Kalendereinladung passt sich Ihrer eigenen Zeitzone an.`,
  duration: (minutes) => `${minutes} Minuten`,
  speakers: 'Ihre Expertinnen und Experten',
  expertise: 'Fachgebiete',
  roles: { primary: 'Vortrag', panelist: 'Panel', moderator: 'Moderation' },
  waitlistPosition: (position) => `Ihre Position auf der Warteliste: ${position}`,
  waitlistHint: 'Wird ein Platz frei, bestätigen wir Sie automatisch und informieren Sie per E-Mail.',
  pendingHint: 'Sie müssen jetzt nichts weiter tun.',
  cancellationReason: 'Grund',
  preparationHeading: 'Vorbereitung',
  prerequisites: 'Vor der Session',
  materials: 'Vorbereitungsmaterial',
  technicalHeading: 'Technische Hinweise',
  technicalNotes: (platform) =>
    platform
      ? `Die Session findet über ${platform} statt; Sie können im Browser oder in der App teilnehmen. Bitte prüfen Sie Ihren Ton einige Minuten vor Beginn.`
      : 'Sie können im Browser teilnehmen. Bitte prüfen Sie Ihren Ton einige Minuten vor Beginn.',
  meetingHeading: 'So nehmen Sie teil',
  joinButton: 'An der Session teilnehmen',
  meetingPassword: 'Meeting-Passwort',
  meetingHint:
    'Der Link ist einige Minuten vor Beginn aktiv. Bitte geben Sie ihn nicht weiter: Er ist für angemeldete Teilnehmende bestimmt.',
  calendarUpdated: 'Die angehängte Kalenderaktualisierung (invite.ics) verschiebt den Termin in Ihrem Kalender.',
  calendarAttached: 'Die Kalendereinladung ist angehängt (invite.ics).',
  calendarRemoved: 'Die angehängte Kalenderaktualisierung entfernt den Termin aus Ihrem Kalender.',
  manageHeading: 'Ihre Anmeldung',
  manageHint:
    'Über Ihren persönlichen Link können Sie Ihre Angaben ansehen oder ändern, stornieren, die Einladung erneut herunterladen und Ihre Daten exportieren oder löschen. Bitte leiten Sie ihn nicht weiter: Wer den Link hat, kann Ihre Anmeldung verwalten.',
  manageButton: 'Meine Anmeldung verwalten',
  viewSession: 'Zur Session-Seite',
  supportHeading: 'Fragen?',
  support: 'Schreiben Sie uns, wir helfen gern:',
  footerReason: 'Sie erhalten diese E-Mail, weil Sie sich für ein Magnetiq-Webinar angemeldet haben.',
  legal: 'Magnetiq Consulting · Dies ist eine Nachricht zu Ihrer Anmeldung.'
};

export const EMAIL_STRINGS: Record<EmailLocale, EmailStrings> = { en, de };

const intlLocale = (locale: EmailLocale) => (locale === 'de' ? 'de-DE' : 'en-GB');

/** "Tuesday, 1 December 2026" in the session's zone. */
export function formatEmailDate(instant: string, timeZone: string, locale: EmailLocale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'full', timeZone }).format(new Date(instant));
}

/** "14:00–15:00 CET" in the session's zone. */
export function formatEmailTimeRange(start: string, end: string, timeZone: string, locale: EmailLocale): string {
  const format = new Intl.DateTimeFormat(intlLocale(locale), {
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short'
  });
  return format.formatRange(new Date(start), new Date(end));
}
