/**
 * The admin session services against the real, migrated database: the guided flow (draft from a
 * topic, steps, publish), consultant conflict detection (overlap, buffer, unavailable periods,
 * cancelled sessions, other consultants), the per-consultant lock with a negative control,
 * optimistic concurrency, capacity changes (promotion, refusal), reschedule and cancel jobs, audit
 * entries, and RLS refusing consultants and anonymous callers (services and a hand-made POST).
 */
import { isRedirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { afterAll, describe, expect, it } from 'vitest';
import { scheduleStepSchema, type StepForms } from '../../web/lib/schemas/session-steps.ts';
import { withRls, type JwtClaims } from '../../web/lib/server/db/index.ts';
import { closeJobClient } from '../../web/lib/server/jobs/index.ts';
import {
  cancelSession,
  createSessionDraft,
  duplicateSession,
  findScheduleConflicts,
  getSessionEditor,
  saveSessionStep,
  stepFormValues,
  suggestConsultants
} from '../../web/lib/server/sessions-admin/index.ts';
import { adminClaims, ownerPool } from './support/db.ts';
import {
  createConsultant,
  createConsultantLogin,
  createRegistration,
  createSession,
  createTopic,
  createUser
} from './support/factories.ts';

const { actions } = await import('../../web/routes/admin/sessions/[id]/edit/[step]/+page.server.ts');

afterAll(async () => {
  await closeJobClient();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A whole hour some weeks ahead, different per call so tests never share a slot by accident. */
let slotCounter = 0;
const futureSlot = () => new Date(Math.ceil((Date.now() + (30 + ++slotCounter) * DAY) / HOUR) * HOUR);

async function sessionRow(id: string) {
  const { rows } = await ownerPool().query('select * from public.sessions where id = $1', [id]);
  return rows[0];
}

async function buffer(): Promise<number> {
  const { rows } = await ownerPool().query('select conflict_buffer_minutes from public.program_settings');
  return rows[0].conflict_buffer_minutes;
}

async function jobs(sessionId: string, kind: string) {
  const { rows } = await ownerPool().query(
    `select j.data from pgboss.job j join public.registrations r on r.id::text = j.data ->> 'registrationId'
     where j.name = 'registration.email' and r.session_id = $1 and j.data ->> 'kind' = $2`,
    [sessionId, kind]
  );
  return rows.map((r) => r.data as { registrationId: string; kind: string; version: number });
}

async function audit(sessionId: string) {
  const { rows } = await ownerPool().query(
    `select action, data from public.audit_log where entity = 'session' and entity_id = $1 order by id`,
    [sessionId]
  );
  return rows as { action: string; data: { before: Record<string, unknown>; after: Record<string, unknown> } }[];
}

async function form<S extends keyof StepForms>(id: string, step: S, changes: Partial<StepForms[S]> = {}): Promise<StepForms[S]> {
  const data = await getSessionEditor(adminClaims(), id);
  return { ...stepFormValues(step, data!), ...changes };
}

/** Local wall-clock parts of `at` in Europe/Berlin for the schedule form. */
function berlin(at: Date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Berlin',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23'
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value])
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, timezone: 'Europe/Berlin' };
}

describe('guided flow', () => {
  it('creates a draft from a topic, saves steps into it and publishes it, with audit entries', async () => {
    const topicId = await createTopic({ tags: ['FinOps'], default_duration_minutes: 90, default_price: 49 });
    const consultant = await createConsultant({ expertise: ['finops', 'Kubernetes'] });
    const other = await createConsultant({ expertise: ['Marketing'] });
    const created = await createSessionDraft(adminClaims(), topicId);
    expect(created.kind).toBe('created');
    const id = (created as { id: string }).id;
    let row = await sessionRow(id);
    expect(row).toMatchObject({ status: 'draft', topic_id: topicId, duration_minutes: 90, price: '49.00', title: null });

    const suggestions = await suggestConsultants(adminClaims(), id);
    const mine = suggestions.findIndex((s) => s.id === consultant);
    expect(suggestions[mine].matches).toEqual(['finops']);
    expect(mine).toBeLessThan(suggestions.findIndex((s) => s.id === other));

    const speakers = await saveSessionStep(
      adminClaims(),
      id,
      'consultants',
      await form(id, 'consultants', { primary: consultant })
    );
    expect(speakers.kind).toBe('saved');
    const slot = futureSlot();
    const schedule = await saveSessionStep(
      adminClaims(),
      id,
      'schedule',
      await form(id, 'schedule', { ...berlin(slot), duration_minutes: 60 })
    );
    expect(schedule).toMatchObject({ kind: 'saved', jobs: 0 });
    const platform = await saveSessionStep(
      adminClaims(),
      id,
      'platform',
      await form(id, 'platform', { platform: 'teams', meeting_url: 'https://teams.example/meet/1', meeting_password: 's3cret' })
    );
    expect(platform.kind).toBe('saved');
    const published = await saveSessionStep(adminClaims(), id, 'review', await form(id, 'review', { mode: 'now' }));
    expect(published.kind).toBe('saved');

    row = await sessionRow(id);
    expect(row.status).toBe('published');
    expect(row.platform).toBe('teams');
    expect(new Date(row.starts_at).getTime()).toBe(slot.getTime());
    const { rows: meeting } = await ownerPool().query('select meeting_url from public.session_meetings where session_id = $1', [
      id
    ]);
    expect(meeting[0].meeting_url).toBe('https://teams.example/meet/1');
    const entries = await audit(id);
    expect(entries.map((e) => e.action)).toEqual([
      'session.created',
      'session.consultants_updated',
      'session.schedule_updated',
      'session.platform_updated',
      'session.published'
    ]);
    expect(entries[3].data.after).toMatchObject({ meeting_url: 'https://teams.example/meet/1', meeting_password: '(changed)' });
    expect(JSON.stringify(entries)).not.toContain('s3cret');
  });

  it('refuses to publish without a primary consultant', async () => {
    const created = (await createSessionDraft(adminClaims(), await createTopic())) as { id: string };
    const outcome = await saveSessionStep(adminClaims(), created.id, 'review', await form(created.id, 'review', { mode: 'now' }));
    expect(outcome.kind).toBe('needs_primary');
    expect((await sessionRow(created.id)).status).toBe('draft');
  });

  it('duplicates a session as a draft one week later with a new slug', async () => {
    const consultant = await createConsultant();
    const id = await createSession({ speakers: [{ consultantId: consultant, role: 'primary' }], startsAt: futureSlot() });
    const copy = await duplicateSession(adminClaims(), id);
    expect(copy).toMatchObject({ kind: 'created', speakersCopied: true });
    const [a, b] = [await sessionRow(id), await sessionRow((copy as { id: string }).id)];
    expect(b.status).toBe('draft');
    expect(b.slug).not.toBe(a.slug);
    expect(new Date(b.starts_at).getTime() - new Date(a.starts_at).getTime()).toBe(7 * DAY);
  });
});

describe('conflict detection', () => {
  const check = (consultantIds: string[], startsAt: Date, durationMinutes = 60, sessionId: string | null = null) =>
    withRls(adminClaims(), (tx) => findScheduleConflicts(tx, { sessionId, startsAt, durationMinutes, consultantIds }));

  it('finds an overlapping session of the consultant, naming it', async () => {
    const consultant = await createConsultant({ first_name: 'Clara' });
    const slot = futureSlot();
    const other = await createSession({
      speakers: [
        { consultantId: await createConsultant(), role: 'primary' },
        { consultantId: consultant, role: 'panelist' }
      ],
      startsAt: slot
    });
    const conflicts = await check([consultant], new Date(slot.getTime() + 30 * 60_000));
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ kind: 'session', conflictId: other, consultantId: consultant });
    expect(conflicts[0].consultantName).toContain('Clara');
  });

  it('counts the buffer between sessions, and only the buffer', async () => {
    const minutes = await buffer();
    const consultant = await createConsultant();
    const slot = futureSlot();
    await createSession({ speakers: [{ consultantId: consultant, role: 'primary' }], startsAt: slot, duration_minutes: 60 });
    const end = slot.getTime() + 60 * 60_000;
    if (minutes > 0) expect(await check([consultant], new Date(end + Math.floor(minutes / 2) * 60_000))).toHaveLength(1);
    expect(await check([consultant], new Date(end + (minutes + 1) * 60_000))).toHaveLength(0);
  });

  it('finds an unavailable period and ignores cancelled sessions and other consultants', async () => {
    const consultant = await createConsultant();
    const colleague = await createConsultant();
    const slot = futureSlot();
    await ownerPool().query(
      `insert into public.consultant_unavailable_periods (consultant_id, starts_at, ends_at, reason) values ($1, $2, $3, 'Holiday')`,
      [consultant, new Date(slot.getTime() - DAY), new Date(slot.getTime() + HOUR)]
    );
    const unavailable = await check([consultant], slot);
    expect(unavailable).toMatchObject([{ kind: 'unavailable', reason: 'Holiday' }]);

    const later = new Date(slot.getTime() + 3 * DAY);
    await createSession({ speakers: [{ consultantId: colleague, role: 'primary' }], startsAt: later, status: 'cancelled' });
    expect(await check([colleague], later)).toHaveLength(0);
    await createSession({ speakers: [{ consultantId: colleague, role: 'primary' }], startsAt: later });
    expect(await check([consultant], later)).toHaveLength(0);
    expect(await check([colleague], later)).toHaveLength(1);
  });

  it('refuses a conflicting schedule through the service and saves nothing', async () => {
    const consultant = await createConsultant({ first_name: 'Dora' });
    const slot = futureSlot();
    await createSession({ speakers: [{ consultantId: consultant, role: 'primary' }], startsAt: slot });
    const id = await createSession({
      speakers: [{ consultantId: consultant, role: 'primary' }],
      startsAt: new Date(slot.getTime() + 2 * DAY),
      status: 'draft'
    });
    const before = await sessionRow(id);
    const outcome = await saveSessionStep(adminClaims(), id, 'schedule', await form(id, 'schedule', berlin(slot)));
    expect(outcome.kind).toBe('conflict');
    const after = await sessionRow(id);
    expect(after.version).toBe(before.version);
    expect(after.starts_at).toEqual(before.starts_at);
  });

  it('refuses a consultant who is busy at the session time in the consultants step', async () => {
    const busy = await createConsultant();
    const free = await createConsultant();
    const slot = futureSlot();
    await createSession({ speakers: [{ consultantId: busy, role: 'primary' }], startsAt: slot });
    const id = await createSession({ speakers: [{ consultantId: free, role: 'primary' }], startsAt: slot, status: 'draft' });
    const outcome = await saveSessionStep(adminClaims(), id, 'consultants', await form(id, 'consultants', { panelists: [busy] }));
    expect(outcome.kind).toBe('conflict');
    const { rows } = await ownerPool().query('select consultant_id from public.session_speakers where session_id = $1', [id]);
    expect(rows.map((r) => r.consultant_id)).toEqual([free]);
  });
});

describe('concurrent scheduling of one consultant', () => {
  /**
   * Two transactions move two sessions of the same consultant into the same slot. Each checks, then
   * waits until the other has checked too (or 400 ms, when the other is blocked on the lock), then
   * writes. With the lock the second check waits for the first commit and sees the conflict; without
   * it both checks see a free slot and both write.
   */
  async function race(lock: boolean) {
    const consultant = await createConsultant();
    const slot = futureSlot();
    const ids = [
      await createSession({
        speakers: [{ consultantId: consultant, role: 'primary' }],
        startsAt: new Date(slot.getTime() + 2 * DAY),
        status: 'draft'
      }),
      await createSession({
        speakers: [{ consultantId: consultant, role: 'primary' }],
        startsAt: new Date(slot.getTime() + 4 * DAY),
        status: 'draft'
      })
    ];
    let checked = 0;
    let release: () => void = () => {};
    const bothChecked = new Promise<void>((resolve) => (release = resolve));
    const attempt = (id: string) =>
      withRls(adminClaims(), async (tx) => {
        const conflicts = await findScheduleConflicts(tx, {
          sessionId: id,
          startsAt: slot,
          durationMinutes: 60,
          consultantIds: [consultant],
          lock
        });
        if (++checked === 2) release();
        await Promise.race([bothChecked, new Promise((r) => setTimeout(r, 400))]);
        if (conflicts.length) return 'refused';
        await tx.updateTable('sessions').set({ starts_at: slot }).where('id', '=', id).execute();
        return 'scheduled';
      });
    return (await Promise.all(ids.map(attempt))).sort();
  }

  it('lets exactly one of two parallel schedules win', async () => {
    expect(await race(true)).toEqual(['refused', 'scheduled']);
  });

  it('negative control: without the lock both would win', async () => {
    expect(await race(false)).toEqual(['scheduled', 'scheduled']);
  });

  it('the service itself: two parallel schedule saves, one saved and one conflict', async () => {
    const consultant = await createConsultant();
    const slot = futureSlot();
    const ids = [
      await createSession({
        speakers: [{ consultantId: consultant, role: 'primary' }],
        startsAt: new Date(slot.getTime() + 2 * DAY),
        status: 'draft'
      }),
      await createSession({
        speakers: [{ consultantId: consultant, role: 'primary' }],
        startsAt: new Date(slot.getTime() + 4 * DAY),
        status: 'draft'
      })
    ];
    const forms = await Promise.all(ids.map((id) => form(id, 'schedule', berlin(slot))));
    const outcomes = await Promise.all(ids.map((id, i) => saveSessionStep(adminClaims(), id, 'schedule', forms[i])));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['conflict', 'saved']);
  });
});

describe('optimistic concurrency', () => {
  it('refuses a save from a stale form and keeps the other save', async () => {
    const id = await createSession({ status: 'draft', startsAt: futureSlot() });
    const stale = await form(id, 'content');
    expect((await saveSessionStep(adminClaims(), id, 'content', { ...stale, certificate_template: 'first' })).kind).toBe('saved');
    const outcome = await saveSessionStep(adminClaims(), id, 'content', { ...stale, certificate_template: 'second' });
    expect(outcome).toMatchObject({ kind: 'stale', currentVersion: stale.version + 1 });
    expect((await sessionRow(id)).certificate_template).toBe('first');
  });
});

/** A published session (with its required primary consultant). */
const publishedSession = async (columns: Record<string, unknown>) =>
  createSession({ speakers: [{ consultantId: await createConsultant(), role: 'primary' }], startsAt: futureSlot(), ...columns });

describe('capacity', () => {
  it('raising it promotes from the waitlist and queues the promotion email', async () => {
    const id = await publishedSession({ capacity: 1 });
    await createRegistration({ sessionId: id, status: 'confirmed' });
    const waiting = await createRegistration({ sessionId: id, status: 'waitlisted' });
    const outcome = await saveSessionStep(adminClaims(), id, 'registration', await form(id, 'registration', { capacity: 2 }));
    expect(outcome).toMatchObject({ kind: 'saved', promoted: 1 });
    const { rows } = await ownerPool().query('select status from public.registrations where id = $1', [waiting]);
    expect(rows[0].status).toBe('confirmed');
    expect((await jobs(id, 'promoted')).map((j) => j.registrationId)).toEqual([waiting]);
  });

  it('lowering it below the seats given is refused with nothing changed', async () => {
    const id = await publishedSession({ capacity: 3 });
    await createRegistration({ sessionId: id, status: 'confirmed' });
    await createRegistration({ sessionId: id, status: 'confirmed' });
    const outcome = await saveSessionStep(adminClaims(), id, 'registration', await form(id, 'registration', { capacity: 1 }));
    expect(outcome).toEqual({ kind: 'capacity_below', taken: 2 });
    expect((await sessionRow(id)).capacity).toBe(3);
  });
});

describe('reschedule and cancel tell the registrants', () => {
  async function sessionWithRegistrations() {
    const consultant = await createConsultant();
    const id = await createSession({
      speakers: [{ consultantId: consultant, role: 'primary' }],
      capacity: 10,
      startsAt: futureSlot()
    });
    const active = [
      await createRegistration({ sessionId: id, status: 'confirmed' }),
      await createRegistration({ sessionId: id, status: 'waitlisted' }),
      await createRegistration({ sessionId: id, status: 'pending_approval' }),
      await createRegistration({ sessionId: id, status: 'pending_payment' })
    ];
    await createRegistration({ sessionId: id, status: 'cancelled' });
    return { id, active };
  }

  it('a reschedule sends one rescheduled job per active registration, with the new version', async () => {
    const { id, active } = await sessionWithRegistrations();
    const next = new Date(new Date((await sessionRow(id)).starts_at).getTime() + DAY);
    const outcome = await saveSessionStep(adminClaims(), id, 'schedule', await form(id, 'schedule', berlin(next)));
    expect(outcome).toMatchObject({ kind: 'saved', jobs: 4 });
    const sent = await jobs(id, 'rescheduled');
    expect(sent.map((j) => j.registrationId).sort()).toEqual([...active].sort());
    expect(new Set(sent.map((j) => j.version))).toEqual(new Set([(outcome as { version: number }).version]));
    expect((await audit(id)).at(-1)).toMatchObject({ action: 'session.rescheduled' });
  });

  it('a cancellation sends one session_cancelled job per active registration and records the reason', async () => {
    const { id, active } = await sessionWithRegistrations();
    const row = await sessionRow(id);
    const outcome = await cancelSession(adminClaims(), id, { version: row.version, reason: 'Speaker ill' });
    expect(outcome).toMatchObject({ kind: 'saved', jobs: 4 });
    expect(await sessionRow(id)).toMatchObject({ status: 'cancelled', cancellation_reason: 'Speaker ill' });
    expect((await jobs(id, 'session_cancelled')).map((j) => j.registrationId).sort()).toEqual([...active].sort());
    expect((await audit(id)).at(-1)).toMatchObject({ action: 'session.cancelled', data: { after: { status: 'cancelled' } } });
    // Final: no further edits.
    expect((await saveSessionStep(adminClaims(), id, 'content', await form(id, 'content'))).kind).toBe('final');
  });
});

describe('validation', () => {
  it('names the field of a bad time zone and a short duration', () => {
    const result = v.safeParse(scheduleStepSchema(), {
      version: 1,
      date: '2027-01-01',
      time: '10:00',
      timezone: 'Mars/Base',
      duration_minutes: 5
    });
    expect(result.success).toBe(false);
    const messages = result.issues!.map((i) => i.message).join(' ');
    expect(messages).toContain('Time zone');
    expect(messages).toContain('Duration (minutes)');
  });
});

describe('only admins', () => {
  it('refuses consultants and anonymous callers in the services, and leaves the session unchanged', async () => {
    const consultant = await createConsultantLogin();
    const id = await createSession({
      speakers: [{ consultantId: consultant.consultantId, role: 'primary' }],
      startsAt: futureSlot()
    });
    const row = await sessionRow(id);
    const content = { ...(await form(id, 'content')), certificate_template: 'hacked' };
    for (const claims of [consultant.claims, null, (await createUser()).claims] as (JwtClaims | null)[]) {
      expect((await saveSessionStep(claims, id, 'content', content)).kind).toBe('forbidden');
      expect((await cancelSession(claims, id, { version: row.version, reason: 'no' })).kind).toBe('forbidden');
      expect((await createSessionDraft(claims, row.topic_id)).kind).toBe('forbidden');
      expect((await duplicateSession(claims, id)).kind).toBe('forbidden');
    }
    await expect(
      withRls(consultant.claims, (tx) =>
        findScheduleConflicts(tx, {
          sessionId: null,
          startsAt: futureSlot(),
          durationMinutes: 60,
          consultantIds: [consultant.consultantId]
        })
      )
    ).rejects.toMatchObject({ code: '42501' });
    expect(await sessionRow(id)).toMatchObject({ version: row.version, certificate_template: null, status: 'published' });
  });

  it('refuses a hand-made POST to the step action from a consultant', async () => {
    const consultant = await createConsultantLogin();
    const id = await createSession({
      speakers: [{ consultantId: consultant.consultantId, role: 'primary' }],
      startsAt: futureSlot()
    });
    const row = await sessionRow(id);
    const body = new URLSearchParams({ version: String(row.version), mode: 'draft', publish_at: '', nav: 'stay' });
    const url = new URL(`http://localhost/admin/sessions/${id}/edit/review?/save`);
    const event = {
      request: new Request(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      params: { id, step: 'review' },
      url,
      locals: { claims: consultant.claims, role: 'consultant' }
    };
    let status: number;
    try {
      const result = (await (actions.save as (e: never) => Promise<{ status?: number }>)(event as never)) as { status?: number };
      status = result?.status ?? 200;
    } catch (thrown) {
      status = isRedirect(thrown) ? thrown.status : ((thrown as { status?: number }).status ?? 500);
    }
    expect(status).toBe(403);
    expect(await sessionRow(id)).toMatchObject({ version: row.version, status: 'published' });
  });
});

describe('the step action', () => {
  it('answers a conflicting schedule with 409 and a message naming the consultant and the session', async () => {
    const consultant = await createConsultant({ first_name: 'Erika', last_name: 'Conflict' });
    const slot = futureSlot();
    await createSession({
      speakers: [{ consultantId: consultant, role: 'primary' }],
      startsAt: slot,
      title: { en: 'Busy talk' }
    });
    const id = await createSession({
      speakers: [{ consultantId: consultant, role: 'primary' }],
      startsAt: new Date(slot.getTime() + 2 * DAY),
      status: 'draft'
    });
    const row = await sessionRow(id);
    const { date, time, timezone } = berlin(slot);
    const body = new URLSearchParams({ version: String(row.version), date, time, timezone, duration_minutes: '60', nav: 'next' });
    const url = new URL(`http://localhost/admin/sessions/${id}/edit/schedule?/save`);
    const event = {
      request: new Request(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      params: { id, step: 'schedule' },
      url,
      locals: { claims: adminClaims(), role: 'admin' }
    };
    const result = (await (actions.save as (e: never) => Promise<unknown>)(event as never)) as {
      status: number;
      data: { form: { message: { text: string; conflicts: string[] }; data: { date: string } } };
    };
    expect(result.status).toBe(409);
    expect(result.data.form.message.conflicts[0]).toContain('Erika Conflict is in "Busy talk"');
    expect(result.data.form.data.date).toBe(date);
    expect((await sessionRow(id)).version).toBe(row.version);
  });
});
