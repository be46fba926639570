/**
 * Rich-text descriptions on the public landing page: the route renders the sanitised HTML (and
 * sanitises again, for rows written elsewhere), while meta description and JSON-LD get the words only.
 */
import { describe, expect, it } from 'vitest';
import { load } from '../../web/routes/webinars/[slug]/+page.server.ts';
import { ownerPool } from './support/db.ts';
import { createConsultant, createSession, createTopic } from './support/factories.ts';

async function landing(slug: string) {
  const url = new URL(`http://localhost/webinars/${slug}`);
  const event = {
    params: { slug },
    url,
    locals: { claims: null },
    request: new Request(url, { method: 'HEAD' }),
    cookies: { get: () => undefined },
    getClientAddress: () => '127.0.0.1'
  };
  return (await load(event as never)) as unknown as {
    description: { html: string; plain: string; lang: string | null };
    jsonLd: string;
  };
}

describe('landing page description', () => {
  it('renders rich text as sanitised HTML and gives meta tags and JSON-LD the plain words', async () => {
    const topicId = await createTopic();
    // Written straight into the table, as another tool could: the render must still be safe.
    await ownerPool().query(`update public.topics set description = $2 where id = $1`, [
      topicId,
      { en: '<p>Cut <strong>cloud</strong> costs &amp; waste</p><img src=x onerror="alert(1)"><ul><li>FinOps</li></ul>' }
    ]);
    const consultantId = await createConsultant();
    const sessionId = await createSession({ topicId, speakers: [{ consultantId, role: 'primary' }] });
    const { rows } = await ownerPool().query('select slug from public.sessions where id = $1', [sessionId]);

    const page = await landing(rows[0].slug);
    expect(page.description.html).toBe('<p>Cut <strong>cloud</strong> costs &amp; waste</p><ul><li>FinOps</li></ul>');
    expect(page.description.plain).toBe('Cut cloud costs & waste FinOps');
    expect(JSON.parse(page.jsonLd.replace(/\\u003c/g, '<')).description).toBe('Cut cloud costs & waste FinOps');
  });

  it('keeps a plain-text description as escaped paragraphs', async () => {
    const topicId = await createTopic();
    await ownerPool().query(`update public.topics set description = $2 where id = $1`, [
      topicId,
      { en: 'Line <one>\n\nSecond & last' }
    ]);
    const consultantId = await createConsultant();
    const sessionId = await createSession({ topicId, speakers: [{ consultantId, role: 'primary' }] });
    const { rows } = await ownerPool().query('select slug from public.sessions where id = $1', [sessionId]);
    const page = await landing(rows[0].slug);
    expect(page.description.html).toBe('<p>Line &lt;one&gt;</p><p>Second &amp; last</p>');
  });
});
