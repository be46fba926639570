-- Demo data for Magnetiq Webinars. Runs as `postgres` in one transaction on an empty, migrated database.
-- Dates are relative to now(), so "upcoming" stays upcoming whenever the seed runs.
--
-- Logins (auth.users, bcrypt as GoTrue stores it):
--   admin   admin@magnetiq.local        / magnetiq-admin        user 00000000-0000-4000-8000-000000000001
--   Anna    anna.schmidt@magnetiq.local / magnetiq-consultant   user 00000000-0000-4000-8000-000000000011
--                                                               consultant 00000000-0000-4000-8000-000000000101
--   Ben     ben.carter@magnetiq.local   / magnetiq-consultant   user 00000000-0000-4000-8000-000000000012
--                                                               consultant 00000000-0000-4000-8000-000000000102
-- Other ids follow the same pattern: consultants ...0101-...0110, topics ...0201-...0220,
-- sessions ...3001-...3044 (slug = <topic slug>-s<NN>).
-- Anna and Ben never speak at the same session, so "Anna cannot see Ben's registrations" is clear-cut.
-- Notable sessions: s13 live now (Anna), s14 full with waitlist (Anna), s20 requires approval,
-- s22 one seat left without waitlist, s37 registration not yet open, s38 cancelled after publishing,
-- s39 cancelled draft (never public), s40-s41 drafts (s41 is Anna's), s42 scheduled to publish in 3 days
-- (Ben's), s43 completed with an archived topic, s44 one free seat with a waitlist (filled by the e2e tests).
-- Counters on sessions are not set here: the registration triggers keep them.

-- Auth users ---------------------------------------------------------------------------------------
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_sso_user, is_anonymous,
  -- GoTrue scans these as strings: NULL breaks sign-in on hosted Supabase.
  confirmation_token, recovery_token, email_change_token_new, email_change, email_change_token_current,
  phone_change, phone_change_token, reauthentication_token
)
select
  '00000000-0000-0000-0000-000000000000', u.id::uuid, 'authenticated', 'authenticated', u.email,
  extensions.crypt(u.password, extensions.gen_salt('bf', 10)), now(),
  jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email'), 'role', u.role),
  jsonb_build_object('full_name', u.full_name), now(), now(), false, false,
  '', '', '', '', '', '', '', ''
from (values
  ('00000000-0000-4000-8000-000000000001', 'admin@magnetiq.local', 'magnetiq-admin', 'admin', 'Magnetiq Admin'),
  ('00000000-0000-4000-8000-000000000011', 'anna.schmidt@magnetiq.local', 'magnetiq-consultant', 'consultant', 'Anna Schmidt'),
  ('00000000-0000-4000-8000-000000000012', 'ben.carter@magnetiq.local', 'magnetiq-consultant', 'consultant', 'Ben Carter')
) as u(id, email, password, role, full_name);

-- Hosted Supabase signs in through auth.identities; the local compat schema has no such table.
do $$
begin
  if to_regclass('auth.identities') is not null then
    execute $sql$
      insert into auth.identities (id, user_id, provider_id, provider, identity_data, last_sign_in_at, created_at, updated_at)
      select gen_random_uuid(), u.id, u.id::text, 'email',
             jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true), now(), now(), now()
      from auth.users u
      where u.id in ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000011',
                     '00000000-0000-4000-8000-000000000012')
    $sql$;
  end if;
end
$$;

-- Consultants --------------------------------------------------------------------------------------
insert into public.consultants (
  id, user_id, slug, first_name, last_name, title, email, phone, biography, company, position, expertise,
  photo_url, linkedin_url, website_url, timezone, consultant_type,
  linkedin_profile_id, linkedin_headline, linkedin_connections, linkedin_recommendations, linkedin_synced_at,
  certifications, education, publications, speaking_experience_years,
  hourly_rate, available_for_consultations, revenue_share_percent, preferred_payment_terms,
  preferred_duration_minutes, available_timezones, is_active, availability_status, next_available_date,
  content_quality_score, technical_setup_score, engagement_score, professionalism_score, created_by, updated_by
)
select
  c.id::uuid, c.user_id::uuid, c.slug, c.first_name, c.last_name, c.title,
  replace(c.slug, '-', '.') || '@' || c.domain,
  c.phone,
  jsonb_build_object('en', c.bio_en, 'de', c.bio_de), c.company, c.position, c.expertise,
  '/images/consultants/' || c.slug || '.svg',
  'https://www.linkedin.com/in/' || c.slug, c.website, c.timezone, c.consultant_type,
  c.slug, c.headline, c.connections, c.recommendations, now() - interval '3 days',
  c.certifications, c.education, c.publications, c.speaking_years,
  c.hourly_rate, c.available, c.revenue_share, c.payment_terms,
  60, array['Europe/Berlin', c.timezone]::text[], c.active, c.availability, (current_date + c.next_free_in_days),
  c.scores[1], c.scores[2], c.scores[3], c.scores[4],
  '00000000-0000-4000-8000-000000000001'::uuid, '00000000-0000-4000-8000-000000000001'::uuid
from (values
  ('00000000-0000-4000-8000-000000000101', '00000000-0000-4000-8000-000000000011', 'anna-schmidt', 'Anna', 'Schmidt', 'Dr.',
   'internal', 'magnetiq.local', '+49 30 5550 1011', 'Magnetiq Consulting', 'Principal AI Consultant',
   array['Artificial Intelligence', 'Machine Learning', 'AI Strategy', 'MLOps'],
   'Anna helps mid-sized companies turn artificial intelligence from slideware into working products. She led more than forty AI projects in manufacturing, retail and insurance.',
   'Anna begleitet mittelständische Unternehmen dabei, Künstliche Intelligenz von der Folie in funktionierende Produkte zu bringen. Sie hat über vierzig KI-Projekte in Industrie, Handel und Versicherung geleitet.',
   'https://magnetiq.example/team/anna-schmidt', 'Europe/Berlin', 'Helping companies put AI to work', 2840, 37,
   array['Google Cloud Professional ML Engineer', 'AWS Certified Machine Learning – Specialty'],
   array['PhD Computer Science, TU München', 'MSc Statistics, LMU München'],
   array['Applied AI for the Mittelstand (2024)', 'MLOps Without Tears, iX Magazin (2025)'],
   9, 220.00, true, 70.00, 'Net 30', true, 'available', 5, array[92.0, 88.0, 95.0, 97.0]),
  ('00000000-0000-4000-8000-000000000102', '00000000-0000-4000-8000-000000000012', 'ben-carter', 'Ben', 'Carter', null,
   'internal', 'magnetiq.local', '+49 40 5550 1012', 'Magnetiq Consulting', 'Head of Cloud & Security',
   array['Cloud Architecture', 'Kubernetes', 'Cloud Security', 'FinOps'],
   'Ben designs cloud platforms that stay secure and affordable as they grow. Before Magnetiq he ran platform engineering at a European payments company.',
   'Ben entwirft Cloud-Plattformen, die beim Wachsen sicher und bezahlbar bleiben. Vor Magnetiq leitete er das Platform Engineering eines europäischen Zahlungsdienstleisters.',
   'https://magnetiq.example/team/ben-carter', 'Europe/Berlin', 'Cloud platforms that scale safely', 1960, 22,
   array['Certified Kubernetes Administrator', 'CISSP', 'FinOps Certified Practitioner'],
   array['BSc Computer Science, University of Edinburgh'],
   array['Zero Trust in 90 Days (whitepaper, 2025)'],
   7, 200.00, true, 70.00, 'Net 30', true, 'busy', 12, array[89.0, 94.0, 86.0, 93.0]),
  ('00000000-0000-4000-8000-000000000103', null, 'claudia-weber', 'Claudia', 'Weber', null,
   'internal', 'magnetiq.local', '+49 89 5550 1013', 'Magnetiq Consulting', 'Partner, Strategy',
   array['Digital Strategy', 'OKR', 'Business Model Innovation', 'Moderation'],
   'Claudia has moderated strategy programmes for boards across DACH for fifteen years and runs the Magnetiq webinar programme.',
   'Claudia moderiert seit fünfzehn Jahren Strategieprogramme für Vorstände in der DACH-Region und verantwortet das Magnetiq-Webinarprogramm.',
   'https://magnetiq.example/team/claudia-weber', 'Europe/Berlin', 'Strategy that teams can execute', 4120, 58,
   array['Certified OKR Coach'], array['MBA, INSEAD', 'Diplom-Kauffrau, Universität Mannheim'],
   array['Strategie auf einer Seite (2022)'],
   15, 260.00, true, 75.00, 'Net 14', true, 'available', 2, array[96.0, 90.0, 93.0, 98.0]),
  ('00000000-0000-4000-8000-000000000104', null, 'david-okafor', 'David', 'Okafor', null,
   'external', 'sentinel-advisory.example', '+44 20 5550 1014', 'Sentinel Advisory', 'Founder & CISO as a Service',
   array['Cyber Security', 'Incident Response', 'Zero Trust', 'Security Awareness'],
   'David has led incident response for more than 120 ransomware cases and advises boards on security governance.',
   'David hat die Vorfallsbehandlung in über 120 Ransomware-Fällen geleitet und berät Vorstände zu Security Governance.',
   'https://sentinel-advisory.example', 'Europe/London', 'Incident responder and board advisor', 3310, 41,
   array['CISSP', 'GIAC Certified Incident Handler', 'ISO 27001 Lead Auditor'],
   array['MSc Information Security, Royal Holloway'], array['The Ransomware Playbook (2023)'],
   12, 280.00, true, 50.00, 'Net 30', true, 'available', 7, array[91.0, 85.0, 90.0, 94.0]),
  ('00000000-0000-4000-8000-000000000105', null, 'elena-rossi', 'Elena', 'Rossi', null,
   'partner', 'rossi-partners.example', '+39 02 5550 1015', 'Rossi & Partners', 'Managing Partner',
   array['Corporate Finance', 'ESG Reporting', 'CSRD', 'Cash Flow Management'],
   'Elena advises CFOs on sustainability reporting and financial planning; Rossi & Partners is a Magnetiq alliance partner.',
   'Elena berät CFOs zu Nachhaltigkeitsberichterstattung und Finanzplanung; Rossi & Partners ist Allianzpartner von Magnetiq.',
   'https://rossi-partners.example', 'Europe/Rome', 'CFO advisor for ESG and planning', 1530, 19,
   array['CFA Charterholder', 'GRI Certified Sustainability Professional'],
   array['MSc Finance, Università Bocconi'], array['CSRD in Practice (2025)'],
   8, 240.00, true, 60.00, 'Net 45', true, 'available', 10, array[87.0, 80.0, 84.0, 92.0]),
  ('00000000-0000-4000-8000-000000000106', null, 'felix-hoffmann', 'Felix', 'Hoffmann', 'Prof. Dr.',
   'internal', 'magnetiq.local', '+49 711 5550 1016', 'Magnetiq Consulting', 'Director AI Research',
   array['Artificial Intelligence', 'Generative AI', 'AI Regulation', 'Natural Language Processing'],
   'Felix bridges research and practice: he teaches machine learning and advises companies on generative AI and the EU AI Act.',
   'Felix verbindet Forschung und Praxis: Er lehrt maschinelles Lernen und berät Unternehmen zu generativer KI und zum EU AI Act.',
   'https://magnetiq.example/team/felix-hoffmann', 'Europe/Berlin', 'Generative AI, responsibly', 5200, 64,
   array['Certified AI Auditor (TÜV)'], array['Habilitation, Universität Stuttgart', 'PhD Computer Science, KIT'],
   array['Large Language Models im Unternehmen (2024)', 'Explainable AI, Springer (2021)'],
   14, 300.00, false, 70.00, 'Net 30', true, 'available', 20, array[97.0, 91.0, 89.0, 96.0]),
  ('00000000-0000-4000-8000-000000000107', null, 'grace-liu', 'Grace', 'Liu', null,
   'external', 'liu-data.example', '+1 415 555 1017', 'Liu Data Labs', 'Chief Data Officer (fractional)',
   array['Data Governance', 'Data Engineering', 'Cloud Data Platforms', 'Analytics'],
   'Grace builds data platforms and governance programmes for scale-ups on both sides of the Atlantic.',
   'Grace baut Datenplattformen und Governance-Programme für Scale-ups auf beiden Seiten des Atlantiks auf.',
   'https://liu-data.example', 'America/New_York', 'Fractional CDO, data platform builder', 2210, 26,
   array['DAMA CDMP', 'Snowflake SnowPro Advanced'], array['MS Data Science, Columbia University'],
   array['Governance Is a Product (2025)'],
   6, 230.00, true, 50.00, 'Net 30', true, 'available', 3, array[88.0, 92.0, 87.0, 90.0]),
  ('00000000-0000-4000-8000-000000000108', null, 'hannah-mueller', 'Hannah', 'Müller', null,
   'partner', 'fuehrungswerk.example', '+49 221 5550 1018', 'Führungswerk', 'Leadership Coach',
   array['Leadership', 'Change Management', 'Hybrid Work', 'Team Development'],
   'Hannah coaches leadership teams through change, from hybrid work to the adoption of artificial intelligence.',
   'Hannah coacht Führungsteams durch Veränderungen – von hybrider Arbeit bis zur Einführung von Künstlicher Intelligenz.',
   'https://fuehrungswerk.example', 'Europe/Berlin', 'Leadership coach for teams in change', 1780, 31,
   array['Systemic Coach (DBVC)', 'Prosci Change Practitioner'], array['MA Psychology, Universität zu Köln'],
   array['Führen auf Distanz (2023)'],
   10, 180.00, true, 55.00, 'Net 30', true, 'available', 4, array[93.0, 82.0, 96.0, 95.0]),
  ('00000000-0000-4000-8000-000000000109', null, 'ivan-petrov', 'Ivan', 'Petrov', null,
   'external', 'petrov-cloud.example', '+359 2 555 1019', 'Petrov Cloud Engineering', 'Principal Cloud Architect',
   array['Kubernetes', 'Cloud Migration', 'Platform Engineering'],
   'Ivan migrates monoliths to managed platforms and trains platform teams in Kubernetes operations.',
   'Ivan migriert Monolithen auf verwaltete Plattformen und schult Plattformteams im Kubernetes-Betrieb.',
   'https://petrov-cloud.example', 'Europe/Sofia', 'Kubernetes and cloud migrations', 1320, 15,
   array['Certified Kubernetes Application Developer', 'Azure Solutions Architect Expert'],
   array['MSc Software Engineering, Sofia University'], array[]::text[],
   5, 190.00, false, 50.00, 'Net 30', true, 'unavailable', 30, array[84.0, 93.0, 80.0, 88.0]),
  ('00000000-0000-4000-8000-000000000110', null, 'julia-becker', 'Julia', 'Becker', null,
   'internal', 'magnetiq.local', '+49 69 5550 1020', 'Magnetiq Consulting', 'Senior Manager Finance Transformation',
   array['Financial Planning', 'Controlling', 'OKR', 'ERP Selection'],
   'Julia modernises finance functions: rolling forecasts, lean controlling and the ERP choices behind them.',
   'Julia modernisiert Finanzbereiche: rollierende Forecasts, schlankes Controlling und die passende ERP-Auswahl.',
   'https://magnetiq.example/team/julia-becker', 'Europe/Berlin', 'Finance transformation', 990, 12,
   array['Certified Management Accountant'], array['MSc Finance, Frankfurt School'], array[]::text[],
   4, 190.00, true, 70.00, 'Net 30', true, 'available', 1, array[86.0, 89.0, 85.0, 91.0])
) as c(id, user_id, slug, first_name, last_name, title, consultant_type, domain, phone, company, position, expertise,
       bio_en, bio_de, website, timezone, headline, connections, recommendations, certifications, education,
       publications, speaking_years, hourly_rate, available, revenue_share, payment_terms, active, availability,
       next_free_in_days, scores);

-- A former partner, deactivated: visible to admins only, never on public pages.
insert into public.consultants (id, slug, first_name, last_name, email, biography, company, position, expertise,
  consultant_type, is_active, availability_status)
values ('00000000-0000-4000-8000-000000000199', 'otto-vogel', 'Otto', 'Vogel', 'otto.vogel@vogel-it.example',
  '{"en": "Former partner for ERP projects.", "de": "Ehemaliger Partner für ERP-Projekte."}', 'Vogel IT', 'Owner',
  array['ERP'], 'partner', false, 'unavailable');

insert into public.consultant_unavailable_periods (consultant_id, starts_at, ends_at, reason) values
  ('00000000-0000-4000-8000-000000000102', date_trunc('day', now()) + interval '26 days', date_trunc('day', now()) + interval '33 days', 'Holiday'),
  ('00000000-0000-4000-8000-000000000109', date_trunc('day', now()), date_trunc('day', now()) + interval '30 days', 'Client project abroad'),
  ('00000000-0000-4000-8000-000000000101', date_trunc('day', now()) + interval '50 days', date_trunc('day', now()) + interval '52 days', 'Conference');

-- Topics -------------------------------------------------------------------------------------------
insert into public.topics (
  id, slug, title, description, learning_objectives, prerequisites, target_audience, category, tags, difficulty,
  default_duration_minutes, default_price, default_capacity, currency, thumbnail_url, promotional_image_url,
  odoo_product_id, status, seo_meta_title, seo_meta_description, seo_keywords, created_by, updated_by
)
select
  ('00000000-0000-4000-8000-' || lpad((200 + t.n)::text, 12, '0'))::uuid, t.slug,
  jsonb_build_object('en', t.title_en, 'de', t.title_de),
  jsonb_build_object('en', t.desc_en, 'de', t.desc_de),
  t.objectives::jsonb,
  case t.difficulty
    when 'beginner' then '{"en": "None – curiosity is enough.", "de": "Keine – Neugier genügt."}'::jsonb
    when 'intermediate' then '{"en": "Basic familiarity with the topic and your own organisation''s processes.", "de": "Grundkenntnisse des Themas und der eigenen Unternehmensprozesse."}'::jsonb
    else '{"en": "Hands-on experience in the field; we go deep quickly.", "de": "Praktische Erfahrung im Thema; wir steigen schnell in die Tiefe ein."}'::jsonb
  end,
  jsonb_build_object('en', t.audience_en, 'de', t.audience_de),
  t.category, t.tags, t.difficulty, t.duration, t.price, t.capacity, 'EUR',
  -- Thumbnails: one self-made SVG per category (static/images/topics/, e.g. "AI & Data" → ai-data.svg).
  -- No promotional image: link previews use the generated /webinars/<slug>/og.png.
  '/images/topics/' || trim(both '-' from lower(regexp_replace(t.category, '[^A-Za-z]+', '-', 'g'))) || '.svg', null,
  case when t.price > 0 then 5000 + t.n end, t.status,
  jsonb_build_object('en', left(t.title_en, 70), 'de', left(t.title_de, 70)),
  jsonb_build_object('en', left(t.desc_en, 200), 'de', left(t.desc_de, 200)),
  t.tags,
  '00000000-0000-4000-8000-000000000001'::uuid, '00000000-0000-4000-8000-000000000001'::uuid
from (values
  (1, 'ai-strategy-for-mid-sized-companies', 'AI & Data', 'beginner', 60, 0.00, 100, 'active',
   'AI Strategy for Mid-Sized Companies', 'KI-Strategie für den Mittelstand',
   'How to find the artificial intelligence use cases that pay off, build a realistic roadmap and avoid the classic pilot trap.',
   'Wie Sie die Anwendungsfälle für Künstliche Intelligenz finden, die sich lohnen, eine realistische Roadmap bauen und die typische Pilotfalle vermeiden.',
   array['artificial intelligence', 'AI strategy', 'KI', 'roadmap'],
   'Managing directors, heads of IT and digital officers', 'Geschäftsführung, IT-Leitung und Digitalverantwortliche',
   '[{"en": "Identify AI use cases with measurable value", "de": "KI-Anwendungsfälle mit messbarem Nutzen erkennen"},
     {"en": "Estimate data, cost and skills needs", "de": "Daten-, Kosten- und Kompetenzbedarf abschätzen"},
     {"en": "Draft a 12-month AI roadmap", "de": "Eine 12-Monats-Roadmap für KI entwerfen"}]'),
  (2, 'generative-ai-in-practice', 'AI & Data', 'intermediate', 90, 0.00, 200, 'active',
   'Generative AI in Practice: From Pilot to Production', 'Generative KI in der Praxis: Vom Pilotprojekt zur Produktion',
   'Large language models beyond the demo: retrieval, evaluation, cost control and governance for generative artificial intelligence in real processes.',
   'Große Sprachmodelle jenseits der Demo: Retrieval, Evaluierung, Kostenkontrolle und Governance für generative Künstliche Intelligenz in echten Prozessen.',
   array['generative AI', 'LLM', 'artificial intelligence', 'KI'],
   'Product owners, architects and innovation teams', 'Product Owner, Architekt:innen und Innovationsteams',
   '[{"en": "Choose between prompting, RAG and fine-tuning", "de": "Zwischen Prompting, RAG und Fine-Tuning wählen"},
     {"en": "Set up evaluation before go-live", "de": "Evaluierung vor dem Go-live aufsetzen"},
     {"en": "Keep inference costs predictable", "de": "Inferenzkosten planbar halten"}]'),
  (3, 'machine-learning-operations', 'AI & Data', 'advanced', 120, 199.00, 20, 'active',
   'MLOps: Running Machine Learning Reliably', 'MLOps: Maschinelles Lernen zuverlässig betreiben',
   'A hands-on workshop on pipelines, model registries, monitoring and drift detection for machine learning in production.',
   'Ein praktischer Workshop zu Pipelines, Model Registries, Monitoring und Drift-Erkennung für maschinelles Lernen im Betrieb.',
   array['MLOps', 'machine learning', 'monitoring', 'artificial intelligence'],
   'Data scientists and ML engineers', 'Data Scientists und ML Engineers',
   '[{"en": "Build a reproducible training pipeline", "de": "Eine reproduzierbare Trainingspipeline bauen"},
     {"en": "Detect data and model drift", "de": "Daten- und Modelldrift erkennen"},
     {"en": "Roll out models safely", "de": "Modelle sicher ausrollen"}]'),
  (4, 'eu-ai-act-compliance', 'AI & Data', 'intermediate', 60, 0.00, 200, 'active',
   'The EU AI Act: What Companies Must Do Now', 'Der EU AI Act: Was Unternehmen jetzt tun müssen',
   'Risk classes, obligations and deadlines of the EU regulation on artificial intelligence, explained with examples.',
   'Risikoklassen, Pflichten und Fristen der EU-Verordnung über Künstliche Intelligenz, erklärt an Beispielen.',
   array['AI Act', 'regulation', 'compliance', 'Künstliche Intelligenz'],
   'Compliance officers, legal and IT leaders', 'Compliance, Rechtsabteilung und IT-Leitung',
   '[{"en": "Classify your AI systems by risk", "de": "Eigene KI-Systeme nach Risiko einordnen"},
     {"en": "Know the obligations and deadlines", "de": "Pflichten und Fristen kennen"},
     {"en": "Plan the documentation you need", "de": "Die nötige Dokumentation planen"}]'),
  (5, 'data-governance-essentials', 'AI & Data', 'beginner', 60, 0.00, null, 'active',
   'Data Governance Essentials', 'Grundlagen der Data Governance',
   'Ownership, quality and access rules for data – the foundation every analytics and AI initiative needs.',
   'Verantwortung, Qualität und Zugriffsregeln für Daten – das Fundament jeder Analytics- und KI-Initiative.',
   array['data governance', 'data quality', 'analytics'],
   'Data owners and business analysts', 'Data Owner und Business Analysts',
   '[{"en": "Define data ownership", "de": "Datenverantwortung festlegen"},
     {"en": "Measure data quality", "de": "Datenqualität messen"},
     {"en": "Set pragmatic access rules", "de": "Pragmatische Zugriffsregeln setzen"}]'),
  (6, 'cloud-migration-roadmap', 'Cloud', 'beginner', 60, 0.00, 100, 'active',
   'Your Cloud Migration Roadmap', 'Ihre Roadmap für die Cloud-Migration',
   'From inventory to landing zone: the steps, costs and risks of moving business applications to the cloud.',
   'Von der Bestandsaufnahme zur Landing Zone: Schritte, Kosten und Risiken beim Umzug von Geschäftsanwendungen in die Cloud.',
   array['cloud', 'migration', 'landing zone'],
   'IT managers and CIOs', 'IT-Leitung und CIOs',
   '[{"en": "Assess which workloads to move first", "de": "Bewerten, welche Workloads zuerst umziehen"},
     {"en": "Compare migration strategies", "de": "Migrationsstrategien vergleichen"},
     {"en": "Budget a migration realistically", "de": "Eine Migration realistisch budgetieren"}]'),
  (7, 'kubernetes-for-decision-makers', 'Cloud', 'intermediate', 60, 49.00, 60, 'active',
   'Kubernetes for Decision Makers', 'Kubernetes für Entscheider',
   'What Kubernetes really costs and saves, when managed platforms are the better choice, and how to staff a platform team.',
   'Was Kubernetes wirklich kostet und spart, wann verwaltete Plattformen die bessere Wahl sind und wie man ein Plattformteam aufstellt.',
   array['Kubernetes', 'platform engineering', 'cloud'],
   'CTOs and engineering managers', 'CTOs und Engineering Manager',
   '[{"en": "Judge when Kubernetes fits", "de": "Beurteilen, wann Kubernetes passt"},
     {"en": "Understand total cost of ownership", "de": "Gesamtkosten verstehen"},
     {"en": "Plan a platform team", "de": "Ein Plattformteam planen"}]'),
  (8, 'finops-cloud-cost-control', 'Cloud', 'advanced', 90, 129.00, 40, 'active',
   'FinOps: Getting Cloud Costs Under Control', 'FinOps: Cloud-Kosten in den Griff bekommen',
   'Tagging, showback, commitments and unit economics: a practical FinOps programme for growing cloud bills.',
   'Tagging, Showback, Commitments und Unit Economics: ein praxisnahes FinOps-Programm für wachsende Cloud-Rechnungen.',
   array['FinOps', 'cloud costs', 'unit economics'],
   'Cloud architects and finance controllers', 'Cloud-Architekt:innen und Controller',
   '[{"en": "Make cloud spend visible per team", "de": "Cloud-Kosten pro Team sichtbar machen"},
     {"en": "Use commitments without lock-in regret", "de": "Commitments ohne Reue nutzen"},
     {"en": "Track unit costs", "de": "Stückkosten verfolgen"}]'),
  (9, 'digital-transformation-strategy', 'Strategy', 'beginner', 60, 0.00, 100, 'active',
   'Digital Transformation Strategy That Sticks', 'Digitalstrategie, die trägt',
   'Why most transformation programmes stall and how to set priorities, governance and metrics that keep yours moving.',
   'Warum die meisten Transformationsprogramme ins Stocken geraten und wie Prioritäten, Steuerung und Kennzahlen Ihres in Bewegung halten.',
   array['digital transformation', 'strategy', 'governance'],
   'Executives and transformation leads', 'Führungskräfte und Transformationsverantwortliche',
   '[{"en": "Set three transformation priorities", "de": "Drei Transformationsprioritäten setzen"},
     {"en": "Design lean programme governance", "de": "Eine schlanke Programmsteuerung entwerfen"},
     {"en": "Choose metrics that matter", "de": "Aussagekräftige Kennzahlen wählen"}]'),
  (10, 'okr-in-practice', 'Strategy', 'intermediate', 120, 99.00, 30, 'active',
   'OKR in Practice', 'OKR in der Praxis',
   'A workshop on writing good objectives and key results, running the quarterly cycle and avoiding OKR theatre.',
   'Ein Workshop zum Formulieren guter Objectives und Key Results, zum Quartalszyklus und gegen OKR-Theater.',
   array['OKR', 'goals', 'strategy execution'],
   'Team leads and strategy managers', 'Teamleitungen und Strategiemanager:innen',
   '[{"en": "Write measurable key results", "de": "Messbare Key Results formulieren"},
     {"en": "Run check-ins and reviews", "de": "Check-ins und Reviews durchführen"},
     {"en": "Connect OKRs to strategy", "de": "OKR mit der Strategie verbinden"}]'),
  (11, 'business-model-innovation', 'Strategy', 'advanced', 90, 0.00, 120, 'active',
   'Business Model Innovation', 'Geschäftsmodellinnovation',
   'Platform, subscription and data-driven business models: how established companies test and scale new ones.',
   'Plattform-, Abo- und datengetriebene Geschäftsmodelle: wie etablierte Unternehmen neue testen und skalieren.',
   array['business model', 'innovation', 'platforms'],
   'Strategy and innovation leaders', 'Strategie- und Innovationsverantwortliche',
   '[{"en": "Map your current business model", "de": "Das aktuelle Geschäftsmodell abbilden"},
     {"en": "Test new models cheaply", "de": "Neue Modelle günstig testen"},
     {"en": "Decide when to scale", "de": "Entscheiden, wann skaliert wird"}]'),
  (12, 'zero-trust-security', 'Security', 'intermediate', 60, 49.00, 200, 'active',
   'Zero Trust Security Explained', 'Zero-Trust-Sicherheit erklärt',
   'Identity-first security for hybrid companies: principles, architecture and a migration path from the classic perimeter.',
   'Identitätsbasierte Sicherheit für hybride Unternehmen: Prinzipien, Architektur und ein Migrationspfad vom klassischen Perimeter.',
   array['zero trust', 'identity', 'cyber security'],
   'CISOs and security architects', 'CISOs und Sicherheitsarchitekt:innen',
   '[{"en": "Understand zero trust principles", "de": "Zero-Trust-Prinzipien verstehen"},
     {"en": "Prioritise identity and device controls", "de": "Identitäts- und Gerätekontrollen priorisieren"},
     {"en": "Plan a staged migration", "de": "Eine schrittweise Migration planen"}]'),
  (13, 'ransomware-incident-response', 'Security', 'advanced', 90, 79.00, 40, 'active',
   'Ransomware Incident Response', 'Ransomware: Richtig reagieren im Ernstfall',
   'The first 72 hours of a ransomware attack: decisions, communication, recovery and lessons from real cases.',
   'Die ersten 72 Stunden eines Ransomware-Angriffs: Entscheidungen, Kommunikation, Wiederherstellung und Lehren aus echten Fällen.',
   array['ransomware', 'incident response', 'cyber security'],
   'IT security teams and crisis managers', 'IT-Sicherheitsteams und Krisenmanager:innen',
   '[{"en": "Prepare an incident response plan", "de": "Einen Incident-Response-Plan vorbereiten"},
     {"en": "Make the key decisions in hour one", "de": "Die Schlüsselentscheidungen der ersten Stunde treffen"},
     {"en": "Restore and learn", "de": "Wiederherstellen und daraus lernen"}]'),
  (14, 'security-awareness-for-leaders', 'Security', 'beginner', 45, 0.00, null, 'active',
   'Security Awareness for Leaders', 'Security Awareness für Führungskräfte',
   'Phishing, CEO fraud and deepfakes: what leaders must know and how to build a security culture.',
   'Phishing, CEO-Fraud und Deepfakes: was Führungskräfte wissen müssen und wie Sicherheitskultur entsteht.',
   array['security awareness', 'phishing', 'deepfakes'],
   'Executives and managers of all areas', 'Führungskräfte aller Bereiche',
   '[{"en": "Recognise social engineering", "de": "Social Engineering erkennen"},
     {"en": "Lead by example on security", "de": "Bei Sicherheit mit gutem Beispiel vorangehen"},
     {"en": "Know whom to call", "de": "Wissen, wen man anruft"}]'),
  (15, 'leading-hybrid-teams', 'Leadership', 'beginner', 60, 59.00, 15, 'active',
   'Leading Hybrid Teams', 'Hybride Teams führen',
   'Rituals, trust and fair visibility for teams that split their time between office and home.',
   'Rituale, Vertrauen und faire Sichtbarkeit für Teams, die zwischen Büro und Zuhause arbeiten.',
   array['leadership', 'hybrid work', 'teams'],
   'New and experienced team leads', 'Neue und erfahrene Teamleitungen',
   '[{"en": "Design team rituals that work remotely", "de": "Teamrituale gestalten, die auch remote funktionieren"},
     {"en": "Build trust at a distance", "de": "Vertrauen auf Distanz aufbauen"},
     {"en": "Avoid proximity bias", "de": "Präsenz-Bias vermeiden"}]'),
  (16, 'change-management-ai-era', 'Leadership', 'intermediate', 60, 0.00, 150, 'active',
   'Leading Change in the Age of Artificial Intelligence', 'Veränderung führen im Zeitalter der Künstlichen Intelligenz',
   'How leaders take their people along when AI changes roles, skills and decisions – without fear and without hype.',
   'Wie Führungskräfte ihre Leute mitnehmen, wenn KI Rollen, Kompetenzen und Entscheidungen verändert – ohne Angst und ohne Hype.',
   array['change management', 'artificial intelligence', 'leadership', 'KI'],
   'Executives and HR leaders', 'Führungskräfte und HR-Verantwortliche',
   '[{"en": "Explain AI change honestly", "de": "KI-Veränderung ehrlich erklären"},
     {"en": "Plan reskilling", "de": "Weiterqualifizierung planen"},
     {"en": "Measure adoption", "de": "Akzeptanz messen"}]'),
  (17, 'cash-flow-forecasting', 'Finance', 'intermediate', 90, 149.00, 25, 'active',
   'Cash Flow Forecasting', 'Liquiditätsplanung mit rollierendem Forecast',
   'Build a 13-week rolling cash flow forecast and use it to steer working capital in uncertain times.',
   'Einen rollierenden 13-Wochen-Liquiditätsforecast aufbauen und damit das Working Capital in unsicheren Zeiten steuern.',
   array['cash flow', 'forecasting', 'working capital'],
   'CFOs, controllers and treasurers', 'CFOs, Controller und Treasurer',
   '[{"en": "Build a 13-week forecast", "de": "Einen 13-Wochen-Forecast aufbauen"},
     {"en": "Link forecast and working capital", "de": "Forecast und Working Capital verknüpfen"},
     {"en": "Automate the data feed", "de": "Die Datenversorgung automatisieren"}]'),
  (18, 'esg-reporting-csrd', 'Finance', 'advanced', 90, 89.00, 40, 'active',
   'ESG Reporting under the CSRD', 'ESG-Berichterstattung nach CSRD',
   'Double materiality, ESRS data points and audit readiness: getting your first CSRD report right.',
   'Doppelte Wesentlichkeit, ESRS-Datenpunkte und Prüfungssicherheit: den ersten CSRD-Bericht richtig aufsetzen.',
   array['ESG', 'CSRD', 'sustainability reporting'],
   'Finance and sustainability teams', 'Finanz- und Nachhaltigkeitsteams',
   '[{"en": "Run a double materiality assessment", "de": "Eine doppelte Wesentlichkeitsanalyse durchführen"},
     {"en": "Collect ESRS data points", "de": "ESRS-Datenpunkte erheben"},
     {"en": "Prepare for the audit", "de": "Die Prüfung vorbereiten"}]'),
  (19, 'legacy-erp-selection', 'Strategy', 'beginner', 60, 0.00, 100, 'archived',
   'Choosing an ERP System', 'Die richtige ERP-Auswahl',
   'Requirements, vendor shortlists and proof-of-concepts for a new ERP system.',
   'Anforderungen, Anbieter-Shortlists und Proof-of-Concepts für ein neues ERP-System.',
   array['ERP', 'software selection'],
   'Finance and IT leaders', 'Finanz- und IT-Leitung',
   '[{"en": "Write requirements that vendors can answer", "de": "Anforderungen schreiben, die Anbieter beantworten können"}]'),
  (20, 'quantum-computing-primer', 'AI & Data', 'advanced', 60, 0.00, 100, 'draft',
   'Quantum Computing: A Primer for Strategists', 'Quantencomputing: Eine Einführung für Strategen',
   'What quantum computers can and cannot do in the next decade, and where to watch.',
   'Was Quantencomputer im nächsten Jahrzehnt können und was nicht – und wo es sich lohnt hinzuschauen.',
   array['quantum computing', 'emerging technology'],
   'CTOs and strategists', 'CTOs und Strateg:innen',
   '[{"en": "Separate quantum hype from reality", "de": "Quanten-Hype von Realität trennen"}]')
) as t(n, slug, category, difficulty, duration, price, capacity, status, title_en, title_de, desc_en, desc_de, tags,
       audience_en, audience_de, objectives);

-- Sessions -----------------------------------------------------------------------------------------
-- One plan row per session; registrations below are generated from the same plan.
create temporary table seed_session_plan (
  n integer primary key,
  topic_slug text not null,
  day_offset integer not null,          -- days from today, in the session's zone
  local_time time not null,
  timezone text not null,
  session_type text not null,
  language text not null,
  price numeric(10, 2) not null,
  early_bird_price numeric(10, 2),
  early_bird_days integer,              -- deadline = start minus this many days
  capacity integer,
  allow_waitlist boolean not null,
  requires_approval boolean not null,
  plan text not null,                   -- completed | live | published | scheduled | cancelled | draft | draft_cancelled
  speakers text[] not null,             -- consultant slugs, primary first
  moderator text,
  n_confirmed integer not null,
  n_waitlisted integer not null,
  n_pending_approval integer not null,
  n_pending_payment integer not null,
  n_cancelled integer not null,
  title_en text,
  title_de text
);

insert into seed_session_plan values
  -- Past, completed
  (1, 'ai-strategy-for-mid-sized-companies', -84, '10:00', 'Europe/Berlin', 'single-speaker', 'en', 0, null, null, 100, true, false, 'completed', '{anna-schmidt}', null, 18, 0, 0, 0, 2, null, null),
  (2, 'cloud-migration-roadmap', -77, '14:00', 'Europe/Berlin', 'single-speaker', 'en', 0, null, null, 80, true, false, 'completed', '{ben-carter}', null, 16, 0, 0, 0, 1, null, null),
  (3, 'zero-trust-security', -70, '11:00', 'Europe/London', 'single-speaker', 'en', 49, null, null, 50, true, false, 'completed', '{david-okafor}', null, 12, 0, 0, 0, 1, null, null),
  (4, 'generative-ai-in-practice', -63, '16:00', 'Europe/Berlin', 'panel-discussion', 'en', 0, null, null, 150, true, false, 'completed', '{anna-schmidt,felix-hoffmann}', 'claudia-weber', 20, 0, 0, 0, 2, null, null),
  (5, 'leading-hybrid-teams', -56, '09:30', 'Europe/Berlin', 'single-speaker', 'de', 0, null, null, 60, true, false, 'completed', '{hannah-mueller}', null, 14, 0, 0, 0, 0, null, null),
  (6, 'cash-flow-forecasting', -49, '10:00', 'Europe/Berlin', 'workshop', 'de', 149, null, null, 25, true, false, 'completed', '{julia-becker}', null, 10, 0, 0, 0, 1, null, null),
  (7, 'kubernetes-for-decision-makers', -42, '15:00', 'Europe/Berlin', 'panel-discussion', 'en', 49, null, null, 60, true, false, 'completed', '{ben-carter,ivan-petrov}', 'claudia-weber', 15, 0, 0, 0, 0, null, null),
  (8, 'eu-ai-act-compliance', -35, '11:00', 'Europe/Berlin', 'single-speaker', 'de', 0, null, null, 200, true, false, 'completed', '{felix-hoffmann}', null, 22, 0, 0, 0, 2, null, null),
  (9, 'okr-in-practice', -28, '13:00', 'Europe/Berlin', 'workshop', 'en', 99, null, null, 30, true, false, 'completed', '{claudia-weber}', null, 12, 0, 0, 0, 0, null, null),
  (10, 'data-governance-essentials', -21, '11:00', 'America/New_York', 'q-and-a', 'en', 0, null, null, null, true, false, 'completed', '{grace-liu}', null, 14, 0, 0, 0, 1, null, null),
  (11, 'ransomware-incident-response', -14, '14:00', 'Europe/London', 'panel-discussion', 'en', 79, null, null, 40, true, false, 'completed', '{david-okafor,ben-carter}', 'hannah-mueller', 12, 0, 0, 0, 0, null, null),
  (12, 'change-management-ai-era', -7, '10:00', 'Europe/Berlin', 'panel-discussion', 'en', 0, null, null, 150, true, false, 'completed', '{hannah-mueller,anna-schmidt}', 'claudia-weber', 16, 0, 0, 0, 1, null, null),
  -- Live now: started 15 minutes ago (start time set below)
  (13, 'ai-strategy-for-mid-sized-companies', 0, '00:00', 'Europe/Berlin', 'single-speaker', 'en', 0, null, null, 100, true, false, 'live', '{anna-schmidt}', null, 25, 0, 0, 0, 1,
   'Live: AI Strategy Clinic', 'Live: KI-Strategie-Sprechstunde'),
  -- Upcoming, published
  (14, 'machine-learning-operations', 3, '10:00', 'Europe/Berlin', 'workshop', 'en', 199, 149, 14, 20, true, false, 'published', '{anna-schmidt}', null, 20, 6, 0, 0, 2, null, null),
  (15, 'cloud-migration-roadmap', 5, '14:00', 'Europe/Berlin', 'single-speaker', 'de', 0, null, null, 100, true, false, 'published', '{ben-carter}', null, 8, 0, 0, 0, 1, null, null),
  (16, 'security-awareness-for-leaders', 6, '12:00', 'Europe/London', 'single-speaker', 'en', 0, null, null, null, true, false, 'published', '{david-okafor}', null, 11, 0, 0, 0, 0, null, null),
  (17, 'generative-ai-in-practice', 8, '16:00', 'Europe/Berlin', 'panel-discussion', 'en', 0, null, null, 300, true, false, 'published', '{felix-hoffmann,anna-schmidt,grace-liu}', 'claudia-weber', 14, 0, 0, 0, 1, null, null),
  (18, 'finops-cloud-cost-control', 10, '10:00', 'Europe/Berlin', 'workshop', 'en', 129, 99, 3, 40, true, false, 'published', '{ben-carter,julia-becker}', null, 6, 0, 0, 2, 0, null, null),
  (19, 'esg-reporting-csrd', 12, '11:00', 'Europe/Rome', 'single-speaker', 'de', 89, null, null, 40, true, false, 'published', '{elena-rossi}', null, 5, 0, 0, 1, 0, null, null),
  (20, 'digital-transformation-strategy', 14, '09:00', 'Europe/Berlin', 'single-speaker', 'en', 0, null, null, 100, true, true, 'published', '{claudia-weber}', null, 4, 0, 5, 0, 1, null, null),
  (21, 'eu-ai-act-compliance', 16, '11:00', 'Europe/Berlin', 'single-speaker', 'de', 0, null, null, 150, true, false, 'published', '{felix-hoffmann}', null, 9, 0, 0, 0, 0, null, null),
  (22, 'leading-hybrid-teams', 18, '09:30', 'Europe/Berlin', 'workshop', 'en', 59, null, null, 15, false, false, 'published', '{hannah-mueller}', null, 13, 0, 0, 1, 1, null, null),
  (23, 'zero-trust-security', 20, '15:00', 'Europe/Berlin', 'panel-discussion', 'en', 0, null, null, 200, true, false, 'published', '{david-okafor,ben-carter}', 'ivan-petrov', 7, 0, 0, 0, 0,
   'Zero Trust Panel: Lessons from the Field', 'Zero-Trust-Panel: Erfahrungen aus der Praxis'),
  (24, 'ai-strategy-for-mid-sized-companies', 22, '10:00', 'Europe/Berlin', 'single-speaker', 'de', 0, null, null, 80, true, false, 'published', '{anna-schmidt}', null, 10, 0, 0, 0, 1,
   'AI Strategy Compact (in German)', 'KI-Strategie kompakt'),
  (25, 'kubernetes-for-decision-makers', 25, '14:00', 'Europe/Sofia', 'single-speaker', 'en', 49, null, null, 60, true, false, 'published', '{ivan-petrov}', null, 3, 0, 0, 0, 0, null, null),
  (26, 'business-model-innovation', 28, '16:00', 'Europe/Berlin', 'panel-discussion', 'en', 0, null, null, 120, true, false, 'published', '{claudia-weber,elena-rossi}', 'julia-becker', 5, 0, 0, 0, 0, null, null),
  (27, 'data-governance-essentials', 30, '11:00', 'America/New_York', 'q-and-a', 'en', 0, null, null, null, true, false, 'published', '{grace-liu}', null, 4, 0, 0, 0, 0, null, null),
  (28, 'okr-in-practice', 33, '13:00', 'Europe/Berlin', 'workshop', 'de', 99, 79, 10, 25, true, false, 'published', '{julia-becker}', null, 3, 0, 0, 1, 0, null, null),
  (29, 'cash-flow-forecasting', 36, '10:00', 'Europe/Rome', 'single-speaker', 'en', 149, 119, 14, 25, true, false, 'published', '{elena-rossi}', null, 2, 0, 0, 0, 0, null, null),
  (30, 'ransomware-incident-response', 40, '14:00', 'Europe/London', 'single-speaker', 'en', 79, null, null, 40, true, false, 'published', '{david-okafor}', null, 2, 0, 0, 0, 0, null, null),
  (31, 'change-management-ai-era', 44, '10:00', 'Europe/Berlin', 'single-speaker', 'de', 0, null, null, 150, true, false, 'published', '{hannah-mueller}', null, 3, 0, 0, 0, 0, null, null),
  (32, 'machine-learning-operations', 48, '15:00', 'Europe/Berlin', 'panel-discussion', 'en', 0, null, null, 200, true, false, 'published', '{anna-schmidt,felix-hoffmann}', 'grace-liu', 2, 0, 0, 0, 0,
   'MLOps Panel: What Breaks in Production', 'MLOps-Panel: Was im Betrieb kaputtgeht'),
  (33, 'security-awareness-for-leaders', 52, '12:00', 'Europe/Berlin', 'q-and-a', 'de', 0, null, null, null, true, false, 'published', '{ben-carter}', null, 1, 0, 0, 0, 0, null, null),
  (34, 'generative-ai-in-practice', 58, '10:00', 'Europe/Berlin', 'workshop', 'de', 249, 199, 21, 20, true, false, 'published', '{felix-hoffmann}', null, 1, 0, 0, 0, 0,
   'Generative AI Hands-on Workshop', 'Workshop: Generative KI selbst anwenden'),
  (35, 'digital-transformation-strategy', 65, '09:00', 'Europe/Berlin', 'single-speaker', 'en', 0, null, null, 100, true, false, 'published', '{julia-becker}', null, 0, 0, 0, 0, 0, null, null),
  (36, 'finops-cloud-cost-control', 72, '10:00', 'Europe/Berlin', 'single-speaker', 'en', 129, null, null, 40, true, false, 'published', '{ben-carter}', null, 0, 0, 0, 0, 0, null, null),
  (37, 'esg-reporting-csrd', 75, '11:00', 'Europe/Berlin', 'panel-discussion', 'de', 0, null, null, 150, true, false, 'published', '{elena-rossi,julia-becker}', 'claudia-weber', 0, 0, 0, 0, 0, null, null),
  -- One free seat with a waitlist and no registrations: the end-to-end tests fill it and watch the
  -- waitlisted attendee move up when the first one cancels.
  (44, 'okr-in-practice', 30, '10:00', 'Europe/Berlin', 'q-and-a', 'en', 0, null, null, 1, true, false, 'published', '{claudia-weber}', null, 0, 0, 0, 0, 0,
   'OKR Office Hour (one seat)', 'OKR-Sprechstunde (ein Platz)'),
  -- Cancelled after publishing (stays visible, says "cancelled"), and a cancelled draft (never public)
  (38, 'cloud-migration-roadmap', 9, '14:00', 'Europe/Berlin', 'single-speaker', 'en', 0, null, null, 100, true, false, 'cancelled', '{ivan-petrov}', null, 4, 0, 0, 0, 0, null, null),
  (39, 'okr-in-practice', 20, '13:00', 'Europe/Berlin', 'workshop', 'en', 99, null, null, 30, true, false, 'draft_cancelled', '{claudia-weber}', null, 0, 0, 0, 0, 0, null, null),
  -- Drafts, and one scheduled to publish in three days
  (40, 'quantum-computing-primer', 40, '16:00', 'Europe/Berlin', 'single-speaker', 'en', 0, null, null, 100, true, false, 'draft', '{felix-hoffmann}', null, 0, 0, 0, 0, 0, null, null),
  (41, 'ai-strategy-for-mid-sized-companies', 60, '10:00', 'Europe/Berlin', 'single-speaker', 'en', 0, null, null, 100, true, false, 'draft', '{anna-schmidt}', null, 0, 0, 0, 0, 0, null, null),
  (42, 'zero-trust-security', 90, '15:00', 'Europe/Berlin', 'single-speaker', 'en', 49, null, null, 100, true, false, 'scheduled', '{ben-carter}', null, 0, 0, 0, 0, 0, null, null),
  -- Completed long ago, on a topic that has since been archived
  (43, 'legacy-erp-selection', -100, '10:00', 'Europe/Berlin', 'single-speaker', 'de', 0, null, null, 100, true, false, 'completed', '{julia-becker}', null, 8, 0, 0, 0, 0, null, null);

create temporary table seed_session_times as
select
  p.n,
  ('00000000-0000-4000-8000-' || lpad((3000 + p.n)::text, 12, '0'))::uuid as id,
  p.topic_slug || '-s' || lpad(p.n::text, 2, '0') as slug,
  case when p.plan = 'live' then date_trunc('minute', now()) - interval '15 minutes'
       else ((date_trunc('day', now() at time zone p.timezone) + p.day_offset * interval '1 day' + p.local_time)
             at time zone p.timezone)
  end as starts_at
from seed_session_plan p;

insert into public.sessions (
  id, slug, topic_id, title, description, agenda, primary_expertise, secondary_topics, language,
  starts_at, timezone, duration_minutes, session_type, price, currency, early_bird_price, early_bird_deadline,
  capacity, requires_approval, allow_waitlist, registration_opens_at, registration_closes_at,
  platform, recording_enabled, recording_url, materials_url, slides_url, certificate_template, promotional_image_url,
  status, publish_at, odoo_event_id, google_calendar_event_id, created_by, updated_by
)
select
  st.id, st.slug, t.id,
  case when p.title_en is not null then jsonb_build_object('en', p.title_en, 'de', p.title_de) end,
  null,
  jsonb_build_array(
    jsonb_build_object('offset_minutes', 0, 'title', jsonb_build_object('en', 'Welcome and introduction', 'de', 'Begrüßung und Einführung')),
    jsonb_build_object('offset_minutes', 10, 'title', jsonb_build_object('en', 'Main part', 'de', 'Hauptteil')),
    jsonb_build_object('offset_minutes', t.default_duration_minutes - 15, 'title', jsonb_build_object('en', 'Questions and answers', 'de', 'Fragen und Antworten'))
  ),
  c.expertise[1], t.tags[1:2], p.language,
  st.starts_at, p.timezone, t.default_duration_minutes, p.session_type, p.price, 'EUR',
  p.early_bird_price, st.starts_at - p.early_bird_days * interval '1 day',
  p.capacity, p.requires_approval, p.allow_waitlist,
  st.starts_at - interval '45 days', st.starts_at,
  (array['zoom', 'teams', 'webex', 'custom'])[1 + p.n % 4], true,
  case when p.plan = 'completed' and p.n % 3 <> 0 then 'https://recordings.magnetiq.example/' || st.slug end,
  'https://magnetiq.example/materials/' || p.topic_slug,
  case when p.plan = 'completed' then 'https://magnetiq.example/slides/' || st.slug || '.pdf' end,
  case when p.session_type = 'workshop' then 'workshop-certificate' else 'attendance-certificate' end,
  '/images/topics/' || p.topic_slug || '-promo.svg',
  case when p.plan in ('draft', 'draft_cancelled') then 'draft' else 'published' end,
  case when p.plan = 'scheduled' then now() + interval '3 days' end,
  case when p.price > 0 and p.plan <> 'draft' then 7000 + p.n end,
  case when p.plan not in ('draft', 'draft_cancelled') then 'magnetiq-demo-' || st.slug end,
  '00000000-0000-4000-8000-000000000001'::uuid, '00000000-0000-4000-8000-000000000001'::uuid
from seed_session_plan p
join seed_session_times st on st.n = p.n
join public.topics t on t.slug = p.topic_slug
join public.consultants c on c.slug = p.speakers[1];

insert into public.session_speakers (session_id, consultant_id, role, position)
select st.id, c.id, case when s.ord = 1 then 'primary' else 'panelist' end, s.ord - 1
from seed_session_plan p
join seed_session_times st on st.n = p.n
cross join lateral unnest(p.speakers) with ordinality as s(slug, ord)
join public.consultants c on c.slug = s.slug
union all
select st.id, c.id, 'moderator', cardinality(p.speakers)
from seed_session_plan p
join seed_session_times st on st.n = p.n
join public.consultants c on c.slug = p.moderator;

insert into public.session_meetings (session_id, meeting_url, meeting_password)
select st.id,
  case p.n % 4
    when 1 then 'https://teams.microsoft.example/l/meetup-join/' || st.slug
    when 2 then 'https://magnetiq.webex.example/meet/' || st.slug
    when 3 then 'https://meet.magnetiq.example/' || st.slug
    else 'https://zoom.example/j/' || (800000000 + p.n * 7919)::text
  end,
  case when p.n % 4 = 0 then 'mq' || (1000 + p.n * 37)::text end
from seed_session_plan p
join seed_session_times st on st.n = p.n
where p.plan in ('completed', 'live', 'published', 'scheduled');

-- Registrations ------------------------------------------------------------------------------------
-- Deterministic "random" attendees: names, companies and answers picked by modular arithmetic on a
-- global ordinal, so every run produces the same people.
create temporary table seed_people as
select
  g.i,
  (array['Lena','Jonas','Sophie','Lukas','Marie','Paul','Emma','Finn','Mia','Leon','Hannah','Noah','Laura','Elias',
         'Sarah','Tim','Julia','Max','Clara','David','Olivia','James','Charlotte','Oliver','Amelia','Henry','Isabel',
         'Matteo','Sofia','Tobias'])[1 + (g.i * 7) % 30] as first_name,
  (array['Müller','Schneider','Fischer','Weber','Meyer','Wagner','Becker','Schulz','Hoffmann','Koch','Richter','Klein',
         'Wolf','Schröder','Neumann','Schwarz','Zimmermann','Braun','Krüger','Hofmann','Smith','Johnson','Brown',
         'Taylor','Wilson','Davies','Evans','Rossi','Bianchi','Novak'])[1 + (g.i * 11) % 30] as last_name,
  (array['Nordwind Logistik GmbH','Alpenblick Versicherung AG','Rheinmetallbau GmbH','Hanse Retail Group',
         'Brightline Analytics Ltd','Südstern Energie AG','Lindqvist Medical GmbH','Bavaria Maschinenbau KG',
         'Elbe Digital GmbH','Greenfield Foods plc','Kronberg Bank AG','Taunus Pharma GmbH','Atlas Mobility SE',
         'Bergmann & Söhne KG','Nexus Software GmbH','Meridian Consulting Ltd','Isar Immobilien AG',
         'Polaris Telecom GmbH','Westfalen Chemie AG','Vela Fintech GmbH'])[1 + (g.i * 3) % 20] as company,
  (array['nordwind-logistik','alpenblick-versicherung','rheinmetallbau','hanse-retail','brightline-analytics',
         'suedstern-energie','lindqvist-medical','bavaria-maschinenbau','elbe-digital','greenfield-foods',
         'kronberg-bank','taunus-pharma','atlas-mobility','bergmann-soehne','nexus-software','meridian-consulting',
         'isar-immobilien','polaris-telecom','westfalen-chemie','vela-fintech'])[1 + (g.i * 3) % 20] as domain,
  (array['Head of IT','CFO','Managing Director','Data Scientist','Product Owner','Team Lead','CISO','Controller',
         'Head of HR','Innovation Manager','Software Architect','Operations Manager','Strategy Consultant',
         'Project Manager','CTO'])[1 + (g.i * 5) % 15] as position,
  (array['Manufacturing','Financial Services','Retail','Healthcare','Energy','Logistics','Software',
         'Insurance','Public Sector','Telecommunications'])[1 + (g.i * 3) % 10] as industry
from generate_series(1, 2000) as g(i);

create or replace function pg_temp.seed_transliterate(value text) returns text
language sql immutable as $$
  select lower(replace(replace(replace(replace(value, 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'))
$$;

-- Each slot is one registration; `kind` is what happens to it. Slot order is registration order.
create temporary table seed_slots as
select
  p.n, st.id as session_id, st.starts_at, k,
  p.n * 100 + k as person,
  case
    when k <= p.n_cancelled then 'cancel'
    when k <= p.n_cancelled + p.n_confirmed then 'confirmed'
    when k <= p.n_cancelled + p.n_confirmed + p.n_pending_payment then 'pending_payment'
    when k <= p.n_cancelled + p.n_confirmed + p.n_pending_payment + p.n_pending_approval then 'pending_approval'
    else 'waitlisted'
  end as kind,
  p.n_cancelled + p.n_confirmed + p.n_pending_payment + p.n_pending_approval + p.n_waitlisted as total,
  p.price, p.language, p.plan
from seed_session_plan p
join seed_session_times st on st.n = p.n
cross join lateral generate_series(1, p.n_cancelled + p.n_confirmed + p.n_pending_payment
                                      + p.n_pending_approval + p.n_waitlisted) as k;

-- Phase 1 inserts the people who will cancel (they registered first), phase 2 everyone else, so a
-- full session never has more seats taken than its capacity at any moment.
create or replace function pg_temp.seed_register(only_cancellers boolean) returns void
language sql as $$
  insert into public.registrations (
    id, session_id, first_name, last_name, email, phone, company, position, website,
    industry_vertical, current_challenges, expertise_interest, consultation_interest, specific_questions,
    learning_objectives, follow_up_preference, interested_one_on_one_consultation, interested_workshop_series,
    interested_whitepaper_downloads, interested_ongoing_mentorship, special_requirements, accessibility_needs,
    status, source, utm_source, utm_medium, utm_campaign, language,
    terms_accepted, privacy_consent, marketing_consent, consultant_follow_up_consent, data_processing_consent,
    payment_status, payment_amount, payment_currency, payment_method, payment_reference, paid_at,
    manage_token_hash, registered_at, confirmed_at
  )
  select
    ('00000000-0000-4000-9000-' || lpad(s.person::text, 12, '0'))::uuid,
    s.session_id, pp.first_name, pp.last_name,
    pg_temp.seed_transliterate(pp.first_name || '.' || pp.last_name) || '@' || pp.domain || '.example',
    case when s.person % 3 = 0 then '+49 151 ' || lpad((s.person * 7919 % 10000000)::text, 7, '0') end,
    pp.company, pp.position,
    case when s.person % 4 = 0 then 'https://www.' || pp.domain || '.example' end,
    pp.industry,
    case s.person % 4
      when 0 then array['Legacy systems', 'Skills shortage']
      when 1 then array['Budget pressure']
      when 2 then array['Regulation', 'Data quality']
      else array[]::text[] end,
    case s.person % 3 when 0 then array['Artificial Intelligence'] when 1 then array['Cloud Architecture', 'FinOps'] else array[]::text[] end,
    s.person % 3 = 0,
    case when s.person % 5 = 0 then 'How do we start with a small team and limited budget?'
         when s.person % 7 = 0 then 'Which mistakes do you see most often in projects like ours?' end,
    case when s.person % 6 = 0 then 'A concrete plan for the next quarter.' end,
    (array['email', 'consultation', 'resources', 'none'])[1 + s.person % 4],
    s.person % 3 = 0, s.person % 5 = 1, s.person % 2 = 0, s.person % 11 = 0,
    case when s.person % 17 = 0 then 'Please send the slides in advance.' end,
    case when s.person % 23 = 0 then 'Live captions would help me follow.' end,
    case when s.kind = 'cancel' then 'confirmed' else s.kind end,
    (array['website', 'linkedin', 'email', 'newsletter', 'partner', 'x'])[1 + s.person % 6],
    case s.person % 6 when 1 then 'linkedin' when 2 then 'newsletter' when 3 then 'newsletter' when 4 then 'partner' when 5 then 'x' end,
    case s.person % 6 when 1 then 'social' when 2 then 'email' when 3 then 'email' when 4 then 'referral' when 5 then 'social' end,
    case when s.person % 6 <> 0 then 'webinars-' || to_char(s.starts_at, 'YYYY-MM') end,
    case when s.person % 9 = 0 then (case s.language when 'de' then 'en' else 'de' end) else s.language end,
    true, true, s.person % 5 in (0, 2), s.person % 2 = 0, true,
    case when s.price = 0 then 'not_required'
         when s.kind = 'pending_payment' then 'pending'
         when s.kind in ('confirmed', 'cancel') then 'completed'
         else 'not_required' end,
    case when s.price > 0 and s.kind in ('confirmed', 'cancel', 'pending_payment') then s.price end,
    case when s.price > 0 and s.kind in ('confirmed', 'cancel', 'pending_payment') then 'EUR' end,
    case when s.price > 0 and s.kind in ('confirmed', 'cancel') then (array['card', 'sepa_debit', 'paypal'])[1 + s.person % 3] end,
    case when s.price > 0 and s.kind in ('confirmed', 'cancel') then 'demo_pay_' || s.person end,
    case when s.price > 0 and s.kind in ('confirmed', 'cancel') then s.reg_at + interval '5 minutes' end,
    extensions.digest(extensions.gen_random_bytes(32), 'sha256'),
    s.reg_at,
    case when s.kind in ('confirmed', 'cancel') then s.reg_at + case when s.price > 0 then interval '5 minutes' else interval '0' end end
  from (
    select x.*, least(now() - interval '2 hours', x.starts_at - interval '1 day') - (x.total - x.k) * interval '5 hours' as reg_at
    from seed_slots x
  ) s
  join seed_people pp on pp.i = s.person % 2000 + 1
  where (s.kind = 'cancel') = only_cancellers
  order by s.session_id, s.k;
$$;

select pg_temp.seed_register(true);

update public.registrations r
set status = 'cancelled',
    cancelled_at = r.registered_at + interval '2 days',
    cancellation_reason = (array['Schedule conflict', 'Colleague attends instead', 'No longer relevant'])[1 + abs(hashtext(r.id::text)) % 3],
    payment_status = case when r.payment_status = 'completed' then 'refunded' else r.payment_status end
where r.status = 'confirmed';

select pg_temp.seed_register(false);

-- Lifecycle: past sessions completed, attendance recorded; one live; cancellations ---------------
update public.sessions s set status = 'completed'
from seed_session_plan p join seed_session_times st on st.n = p.n
where s.id = st.id and p.plan = 'completed';

-- About four in five confirmed attendees showed up; most of them rated the session.
update public.registrations r
set status = case when abs(hashtext(r.id::text)) % 5 = 0 then 'no_show' else 'attended' end
from public.sessions s
where r.session_id = s.id and s.status = 'completed' and r.status = 'confirmed';

update public.registrations r
set joined_at = s.starts_at + (abs(hashtext(r.id::text)) % 8) * interval '1 minute',
    left_at = s.ends_at - (abs(hashtext(r.id::text || 'left')) % 20) * interval '1 minute',
    attendance_minutes = s.duration_minutes - (abs(hashtext(r.id::text)) % 8) - (abs(hashtext(r.id::text || 'left')) % 20),
    questions_asked = abs(hashtext(r.id::text || 'q')) % 4,
    chat_messages = abs(hashtext(r.id::text || 'c')) % 9,
    rating = case when abs(hashtext(r.id::text || 'r')) % 10 < 7 then 3 + abs(hashtext(r.id::text || 'v')) % 3 end,
    rated_at = case when abs(hashtext(r.id::text || 'r')) % 10 < 7 then s.ends_at + interval '1 hour' end,
    feedback = case abs(hashtext(r.id::text || 'f')) % 6
      when 0 then 'Very practical, exactly what our team needed.'
      when 1 then 'Great examples from real projects. Would love a follow-up session.'
      when 2 then 'Good overview; a bit fast in the second half.'
      else null end
from public.sessions s
where r.session_id = s.id and r.status = 'attended';

update public.sessions s set status = 'live'
from seed_session_plan p join seed_session_times st on st.n = p.n
where s.id = st.id and p.plan = 'live';

update public.registrations r
set joined_at = s.starts_at + (abs(hashtext(r.id::text)) % 10) * interval '1 minute',
    questions_asked = abs(hashtext(r.id::text || 'q')) % 3,
    chat_messages = abs(hashtext(r.id::text || 'c')) % 6
from public.sessions s
where r.session_id = s.id and s.status = 'live' and r.status = 'confirmed' and abs(hashtext(r.id::text)) % 3 <> 0;

update public.registrations r
set status = 'cancelled', cancelled_at = now() - interval '1 day', cancellation_reason = 'Session cancelled by the organiser'
from seed_session_plan p join seed_session_times st on st.n = p.n
where r.session_id = st.id and p.plan = 'cancelled' and r.status <> 'cancelled';

update public.sessions s
set status = 'cancelled', cancellation_reason = case when p.plan = 'cancelled' then 'The speaker is unavailable; a new date will be announced.' end
from seed_session_plan p join seed_session_times st on st.n = p.n
where s.id = st.id and p.plan in ('cancelled', 'draft_cancelled');

-- Consent evidence for every registration, matching its booleans ---------------------------------
insert into public.consent_records (registration_id, kind, granted, text_version, method, recorded_at)
select r.id, c.kind, c.granted, '2026-11-01', 'web-form', r.registered_at
from public.registrations r
cross join lateral (values
  ('terms', r.terms_accepted),
  ('privacy', r.privacy_consent),
  ('marketing', r.marketing_consent),
  ('consultant_follow_up', r.consultant_follow_up_consent),
  ('data_processing', r.data_processing_consent)
) as c(kind, granted);

-- Program settings: Claudia is the Webinar Program Manager -----------------------------------------
update public.program_settings
set program_manager_consultant_id = '00000000-0000-4000-8000-000000000103',
    email_templates = '{"confirmation": {"en": {"subject": "You are registered: {title}"}, "de": {"subject": "Sie sind angemeldet: {title}"}}}'::jsonb,
    updated_by = '00000000-0000-4000-8000-000000000001';

-- Page views for the funnel (a few per registration, spread over the last weeks) ---------------------
insert into public.page_views (session_id, path, visitor_hash, referrer, utm_source, utm_medium, language, viewed_at)
select s.id, '/webinars/' || s.slug,
  encode(extensions.digest(s.id::text || v::text, 'sha256'), 'hex'),
  case v % 4 when 0 then 'https://www.linkedin.com/' when 1 then 'https://www.google.com/' end,
  case v % 4 when 0 then 'linkedin' end, case v % 4 when 0 then 'social' end,
  case when v % 3 = 0 then 'de' else 'en' end,
  least(now(), s.starts_at) - (v % 30) * interval '1 day' - (v % 24) * interval '1 hour'
from public.sessions s
cross join lateral generate_series(1, 3 * (s.confirmed_count + s.waitlist_count + s.pending_count) + 10) as v
where s.published_at is not null and s.published_at <= now();

-- A few audit entries so the admin log is not empty ------------------------------------------------
insert into public.audit_log (at, actor_user_id, actor_role, action, entity, entity_id, data)
select now() - interval '30 days', '00000000-0000-4000-8000-000000000001'::uuid, 'admin', 'program_settings.updated',
  'program_settings', 'true', '{"changed": ["program_manager_consultant_id"]}'::jsonb
union all
select now() - interval '20 days', '00000000-0000-4000-8000-000000000001'::uuid, 'admin', 'session.published',
  'session', s.id::text, jsonb_build_object('slug', s.slug)
from public.sessions s where s.slug in ('machine-learning-operations-s14', 'generative-ai-in-practice-s17')
union all
select now() - interval '1 day', '00000000-0000-4000-8000-000000000001'::uuid, 'admin', 'session.cancelled',
  'session', s.id::text, jsonb_build_object('slug', s.slug, 'reason', s.cancellation_reason)
from public.sessions s where s.slug = 'cloud-migration-roadmap-s38';

drop table seed_slots, seed_people, seed_session_times, seed_session_plan;
drop function pg_temp.seed_register(boolean);
drop function pg_temp.seed_transliterate(text);
