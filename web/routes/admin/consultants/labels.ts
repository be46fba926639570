/** Localised labels for consultant types, availability and sign-in state. */
import { m } from '#lib/paraglide/messages.js';

const TYPES: Record<string, () => string> = {
  internal: m.adminconsultant_type_internal,
  external: m.adminconsultant_type_external,
  partner: m.adminconsultant_type_partner
};
const AVAILABILITY: Record<string, () => string> = {
  available: m.adminconsultant_availability_available,
  busy: m.adminconsultant_availability_busy,
  unavailable: m.adminconsultant_availability_unavailable
};

export const typeLabel = (type: string) => TYPES[type]?.() ?? type;
export const availabilityLabel = (status: string) => AVAILABILITY[status]?.() ?? status;

/** Sign-in state of a directory row. */
export function loginLabel(row: { has_login: boolean; invitation_accepted_at: Date | null; invitation_expires_at: Date | null }) {
  if (!row.has_login) return m.adminconsultant_login_none();
  if (row.invitation_accepted_at || !row.invitation_expires_at) return m.adminconsultant_login_active();
  return new Date(row.invitation_expires_at) > new Date() ? m.adminconsultant_login_invited() : m.adminconsultant_login_expired();
}

/** The directory's address for `page` with the current filters (defaults left out). */
export function directoryHref(filters: Record<string, string>, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value && value !== 'all') params.set(key, value);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/admin/consultants${query ? `?${query}` : ''}`;
}
