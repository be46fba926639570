/** The registration state a visitor sees for a session, decided on the server at request time. */

export type RegistrationState = 'cancelled' | 'past' | 'live' | 'not-open' | 'closed' | 'full-waitlist' | 'full' | 'open';

export interface StateInput {
  status: string;
  starts_at: Date | string;
  ends_at: Date | string;
  capacity: number | null;
  seats_left: number | null;
  allow_waitlist: boolean;
  registration_opens_at: Date | string | null;
  registration_closes_at: Date | string | null;
  early_bird_price: string | null;
  early_bird_deadline: Date | string | null;
}

const time = (value: Date | string) => new Date(value).getTime();

/** What the registration box and the card say; "open" is the only state with a Register button. */
export function registrationState(s: StateInput, now = new Date()): RegistrationState {
  const t = now.getTime();
  if (s.status === 'cancelled') return 'cancelled';
  if (s.status === 'completed' || time(s.ends_at) <= t) return 'past';
  if (s.registration_opens_at && time(s.registration_opens_at) > t) return 'not-open';
  if (s.registration_closes_at && time(s.registration_closes_at) <= t) return s.status === 'live' ? 'live' : 'closed';
  if (s.capacity !== null && (s.seats_left ?? 0) <= 0) return s.allow_waitlist ? 'full-waitlist' : 'full';
  return 'open';
}

/** True while the early-bird price applies. */
export function earlyBirdActive(s: StateInput, now = new Date()): boolean {
  return s.early_bird_price !== null && s.early_bird_deadline !== null && time(s.early_bird_deadline) > now.getTime();
}

/** The card plus its state, ready for the page. */
export function withState<T extends StateInput>(card: T, now = new Date()) {
  return { ...card, state: registrationState(card, now), early_bird: earlyBirdActive(card, now) };
}
