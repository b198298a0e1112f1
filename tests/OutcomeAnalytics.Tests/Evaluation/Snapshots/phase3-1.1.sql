-- phase3: The term calendar: term_dates when loaded, else the default calendar of models/calendar/default-terms.yaml (autumn 1/9 - 31/12; spring 1/1 - 31/3; summer 1/4 - 31/8).
-- parameters: $1 = 'autumn', $2 = 'spring', $3 = 'summer', $4 = 0, $5 = 1, $6 = 1, $7 = 9, $8 = 1, $9 = 4, $10 = 1, $11 = 1, $12 = 1, $13 = 0, $14 = 1, $15 = 1, $16 = 12, $17 = 3, $18 = 8, $19 = 31, $20 = 31, $21 = 31
CREATE OR REPLACE TEMP TABLE ev_calendar AS
SELECT CAST(left(academic_year, 4) AS INTEGER) * 3 + CASE term WHEN 'autumn' THEN 0 WHEN 'spring' THEN 1 ELSE 2 END AS term_index,
       academic_year, term, start_date, end_date
FROM term_dates
UNION ALL
SELECT y * 3 + k, CAST(y AS VARCHAR) || '/' || lpad(CAST((y + 1) % 100 AS VARCHAR), 2, '0'), [$1, $2, $3][k + 1],
       make_date(y + [$4, $5, $6][k + 1], [$7, $8, $9][k + 1], [$10, $11, $12][k + 1]),
       make_date(y + [$13, $14, $15][k + 1], [$16, $17, $18][k + 1], [$19, $20, $21][k + 1])
FROM range(1990, 2100) years(y), range(0, 3) terms(k)
WHERE NOT EXISTS (SELECT 1 FROM term_dates);

-- phase3: Families with A (attached), C (closure) and T (the evaluation date).
-- parameters: $1 = 2025-10-01
CREATE OR REPLACE TEMP TABLE ev_families AS SELECT family_id, attached_date AS a, closure_date AS c, CAST($1 AS DATE) AS t FROM families;

-- phase3: Windows: outcome terms (the most recent complete terms at T starting on or after A) and baseline terms (the most recent complete terms ending on or before A).
-- parameters: $1 = 2, $2 = 2, $3 = 2025-10-01
CREATE OR REPLACE TEMP TABLE ev_family_terms AS
WITH
baseline_keys AS (SELECT DISTINCT end_date AS key FROM ev_calendar),
baseline_sets AS (
  SELECT b.key, k.*, row_number() OVER (PARTITION BY b.key ORDER BY k.term_index DESC) AS recency
  FROM baseline_keys b JOIN ev_calendar k ON k.end_date <= b.key
  QUALIFY recency <= $2),
finished AS (SELECT * FROM ev_calendar WHERE end_date <= CAST($3 AS DATE)),
outcome_keys AS (SELECT DISTINCT start_date AS key FROM finished),
outcome_sets AS (
  SELECT o.key, k.*, row_number() OVER (PARTITION BY o.key ORDER BY k.term_index DESC) AS recency
  FROM outcome_keys o JOIN finished k ON k.start_date >= o.key
  QUALIFY recency <= $1)
SELECT f.family_id, 'outcome' AS window_name, w.term_index, w.academic_year, w.term, w.start_date, w.end_date, w.recency
FROM ev_families f ASOF JOIN outcome_keys o ON f.a <= o.key JOIN outcome_sets w ON w.key = o.key
UNION ALL
SELECT f.family_id, 'baseline' AS window_name, w.term_index, w.academic_year, w.term, w.start_date, w.end_date, w.recency
FROM ev_families f ASOF JOIN baseline_keys b ON f.a >= b.key JOIN baseline_sets w ON w.key = b.key;

-- phase3: The identified needs of this framework.
-- parameters: $1 = 'phase3', $2 = 'phase3', $3 = '1.1'
CREATE OR REPLACE TEMP TABLE ev_needs AS
SELECT n.family_id, n.need_code, n.person_id, n.basis, f.a, f.c, f.t
FROM needs n JOIN ev_families f ON f.family_id = n.family_id
WHERE coalesce(n.framework, $1) = $2 AND n.need_code IN ($3);

-- phase3: Subjects: who each need is judged for, by its scope (family; the named person; or every child, young person, adult or pupil of the family when none is named). 'nobody' marks a scope that selects no one.
-- parameters: $1 = '1.1', $2 = '1.1', $3 = 2, $4 = 2, $5 = '1.1', $6 = 2147483648
CREATE OR REPLACE TEMP TABLE ev_subjects AS
WITH members AS (
  SELECT m.family_id, m.person_id, p.date_of_birth + to_years(18) > f.a AS young
  FROM family_members m JOIN people p ON p.person_id = m.person_id JOIN ev_families f ON f.family_id = m.family_id),
pupils AS (
  SELECT DISTINCT m.family_id, m.person_id FROM members m
  JOIN attendance att ON att.person_id = m.person_id
  JOIN ev_family_terms ft ON ft.family_id = m.family_id AND ft.window_name = 'outcome' AND ft.academic_year = att.academic_year AND ft.term = att.term
  WHERE m.family_id IN (SELECT family_id FROM ev_needs WHERE need_code IN ($2) AND person_id IS NULL)
    AND m.family_id IN (SELECT family_id FROM ev_family_terms WHERE window_name = 'outcome' GROUP BY family_id HAVING count(*) = $3))
SELECT ((f.family_rank * $4 + list_position([$5], x.need_code)) * $6 + coalesce(r.person_rank, 0)) * 2 + x.expanded AS sid, x.* EXCLUDE (expanded) FROM (
  SELECT n.family_id, n.need_code, n.person_id, n.basis, n.a, n.c, n.t, 'Pupil' AS scope, false AS nobody, 0 AS expanded FROM ev_needs n WHERE n.need_code IN ($1) AND n.person_id IS NOT NULL
  UNION ALL
  SELECT n.family_id, n.need_code, m.person_id, n.basis, n.a, n.c, n.t, 'Pupil' AS scope, m.person_id IS NULL AS nobody, 1 AS expanded FROM ev_needs n LEFT JOIN pupils m ON m.family_id = n.family_id WHERE n.need_code IN ($1) AND n.person_id IS NULL AND NOT EXISTS (SELECT 1 FROM ev_needs named WHERE named.family_id = n.family_id AND named.need_code = n.need_code AND named.person_id = m.person_id)) x
JOIN (SELECT family_id, row_number() OVER (ORDER BY family_id) AS family_rank FROM ev_families) f ON f.family_id = x.family_id
LEFT JOIN (SELECT person_id, row_number() OVER (ORDER BY person_id) AS person_rank FROM people) r ON r.person_id = x.person_id;

-- phase3: Create the results table: one row per subject and rule node.
CREATE OR REPLACE TEMP TABLE ev_results (sid BIGINT, node_id VARCHAR, status VARCHAR, reason VARCHAR, detail VARCHAR);

-- phase3: measure attendance_threshold(min_percent=$attendance_threshold) for need 1.1 node 1.1.
-- Attendance over the outcome terms (the most recent complete terms since attachment) is at least a threshold.
-- parameters: $1 = '1.1', $2 = '1.1', $3 = 2, $4 = 90, $5 = true, $6 = 'sessions'
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN o.terms < $3 THEN 'pending'
       WHEN o.rows < o.terms OR o.pct IS NULL THEN 'insufficient_data'
       WHEN o.pct >= $4 THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN o.terms < $3 THEN 'Only ' || o.terms || ' of the ' || $3 || ' outcome terms have finished since attachment.'
       WHEN o.rows < o.terms THEN 'No attendance recorded for ' || (o.terms - o.rows) || ' of the outcome terms.'
       WHEN o.pct IS NULL THEN 'The attendance rows of the outcome terms leave no possible sessions (after any authorised absence), so no percentage can be worked out.'
       ELSE 'Attendance over the outcome terms was ' || (floor(o.pct * 10) / 10) || '%, ' || CASE WHEN o.pct >= $4 THEN 'at or above' ELSE 'below' END || ' the threshold of ' || $4 || '%.' END AS reason,
  CAST(to_json(struct_pack("outcome_terms" := coalesce(o.items, []), "attendance_percent" := round(o.pct, 2), "threshold_percent" := $4)) AS VARCHAR) AS detail
FROM subj s JOIN (SELECT s.sid, count(ft.term_index) AS terms, count(att.person_id) AS rows,
  CASE WHEN $6 = 'mean_of_terms'
       THEN avg(100.0 * att.attended_sessions / nullif(att.possible_sessions - CASE WHEN $5 THEN 0 ELSE att.authorised_absence END, 0))
       ELSE 100.0 * sum(att.attended_sessions) / nullif(sum(att.possible_sessions) - CASE WHEN $5 THEN 0 ELSE sum(att.authorised_absence) END, 0)
  END AS pct,
  list_transform(list_sort(list((ft.term_index, struct_pack("term" := ft.academic_year || ' ' || ft.term, "start" := ft.start_date, "end" := ft.end_date, "possible" := att.possible_sessions, "attended" := att.attended_sessions, "authorised_absence" := att.authorised_absence, "unauthorised_absence" := att.unauthorised_absence))) FILTER (WHERE ft.term_index IS NOT NULL)), lambda x: x[2]) AS items
FROM subj s
LEFT JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'outcome'
LEFT JOIN attendance att ON att.person_id = s.person_id AND att.academic_year = ft.academic_year AND att.term = ft.term
GROUP BY s.sid) o ON o.sid = s.sid
);

-- phase3: Layout: each node of each need in the rule's order (ord), and the JSON text around its part of the need's detail.
-- parameters: $1 = '1.1', $2 = 0, $3 = true, $4 = true, $5 = '', $6 = '', $7 = '', $8 = false, $9 = true
CREATE OR REPLACE TEMP TABLE ev_layout AS SELECT * FROM (VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)) m(node_id, ord, leaf, root, sep, open, close, instrument, single);

-- phase3: Results: each subject's decision, its need's root node; where an instrument decided, whether the change was reliable.
-- parameters: $1 = 2
CREATE OR REPLACE TEMP TABLE ev_need_results AS
WITH roots AS (
  SELECT r.sid, r.status, r.reason FROM ev_results r JOIN ev_layout m ON m.node_id = r.node_id WHERE m.root),
reliable AS (
  SELECT r.sid, bool_or(json_extract_string(r.detail, '$.reliable_improvement') = 'true') AS reliable_improvement
  FROM ev_results r JOIN ev_layout m ON m.node_id = r.node_id WHERE m.instrument AND r.status = 'met' GROUP BY r.sid),
outcome_terms AS (
  SELECT family_id, count(*) AS n FROM ev_family_terms WHERE window_name = 'outcome' GROUP BY family_id)
SELECT s.sid, s.family_id, s.need_code, s.person_id,
  CASE WHEN NOT s.nobody THEN d.status
       WHEN s.scope = 'Pupil' AND coalesce(o.n, 0) < $1 THEN 'pending'
       ELSE 'insufficient_data' END AS status,
  CASE WHEN NOT s.nobody THEN d.reason
       WHEN s.scope = 'Pupil' AND coalesce(o.n, 0) < $1 THEN 'The outcome terms have not finished, so the children in scope cannot yet be known.'
       ELSE 'No family member is in the need''s scope (' || lower(s.scope) || ' with the data needed to place them).' END AS reason,
  CASE WHEN NOT s.nobody THEN x.reliable_improvement END AS reliable_improvement
FROM ev_subjects s LEFT JOIN roots d ON d.sid = s.sid LEFT JOIN reliable x ON x.sid = s.sid LEFT JOIN outcome_terms o ON o.family_id = s.family_id;

-- phase3: Details: each subject's detail JSON, every node of its need's rule in order (a view: computed when read).
CREATE OR REPLACE TEMP VIEW ev_need_details AS
-- a need that is one measure: the measure's detail as it stands
SELECT r.sid, coalesce(r.detail, 'null') AS detail
FROM ev_results r JOIN ev_layout m ON m.node_id = r.node_id WHERE m.single
UNION ALL
-- a composition: each node's fragment, gathered by position (no ordered aggregate) and joined in order
SELECT sid, concat(any_value(fragment) FILTER (WHERE ord = 0)) AS detail
FROM (
  SELECT r.sid, m.ord,
    concat(m.sep, CASE WHEN m.root THEN '' ELSE concat('{"node":', coalesce(CAST(to_json(r.node_id) AS VARCHAR), 'null'), ',"status":', coalesce(CAST(to_json(r.status) AS VARCHAR), 'null'), ',"reason":', coalesce(CAST(to_json(r.reason) AS VARCHAR), 'null'), ',"detail":') END, CASE WHEN m.leaf THEN coalesce(r.detail, 'null') ELSE m.open END, m.close) AS fragment
  FROM ev_results r JOIN ev_layout m ON m.node_id = r.node_id WHERE NOT m.single)
GROUP BY sid;
