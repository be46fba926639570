/**
 * The one row per consultant in consultant_invitations, written by both invitation paths (local
 * tokens in invitations.ts, Supabase Auth in supabase-invitations.ts): a re-invite replaces the link
 * data, clears an earlier acceptance and counts the send.
 */
import { sql, type Tx } from '../db/index.ts';

export interface InvitationRow {
  consultantId: string;
  userId: string;
  email: string;
  provider: 'local' | 'supabase';
  /** SHA-256 of the local token; null with Supabase (GoTrue keeps its own). */
  tokenHash: string | null;
  expiresAt: Date;
}

/** Inserts or replaces the consultant's invitation in `tx`; returns its id and how often it was sent. */
export function upsertInvitation(tx: Tx, row: InvitationRow): Promise<{ id: string; sent_count: number }> {
  const values = {
    user_id: row.userId,
    email: row.email,
    provider: row.provider,
    token_hash: row.tokenHash,
    expires_at: row.expiresAt
  };
  return tx
    .insertInto('consultant_invitations')
    .values({ consultant_id: row.consultantId, ...values })
    .onConflict((oc) =>
      oc.column('consultant_id').doUpdateSet({
        ...values,
        accepted_at: null,
        sent_count: sql<number>`consultant_invitations.sent_count + 1`
      })
    )
    .returning(['id', 'sent_count'])
    .executeTakeFirstOrThrow();
}
