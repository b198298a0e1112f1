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
-- parameters: $1 = 'phase3', $2 = 'phase3', $3 = '6.1'
CREATE OR REPLACE TEMP TABLE ev_needs AS
SELECT n.family_id, n.need_code, n.person_id, n.basis, f.a, f.c, f.t
FROM needs n JOIN ev_families f ON f.family_id = n.family_id
WHERE coalesce(n.framework, $1) = $2 AND n.need_code IN ($3);

-- phase3: Subjects: who each need is judged for, by its scope (family; the named person; or every child, young person, adult or pupil of the family when none is named). 'nobody' marks a scope that selects no one.
-- parameters: $1 = '6.1', $2 = 2, $3 = '6.1', $4 = 2147483648
CREATE OR REPLACE TEMP TABLE ev_subjects AS
WITH members AS (
  SELECT m.family_id, m.person_id, p.date_of_birth + to_years(18) > f.a AS young
  FROM family_members m JOIN people p ON p.person_id = m.person_id JOIN ev_families f ON f.family_id = m.family_id)
SELECT ((f.family_rank * $2 + list_position([$3], x.need_code)) * $4 + coalesce(r.person_rank, 0)) * 2 + x.expanded AS sid, x.* EXCLUDE (expanded) FROM (
  SELECT n.family_id, n.need_code, n.person_id, n.basis, n.a, n.c, n.t, 'Child' AS scope, false AS nobody, 0 AS expanded FROM ev_needs n WHERE n.need_code IN ($1) AND n.person_id IS NOT NULL
  UNION ALL
  SELECT n.family_id, n.need_code, m.person_id, n.basis, n.a, n.c, n.t, 'Child' AS scope, m.person_id IS NULL AS nobody, 1 AS expanded FROM ev_needs n LEFT JOIN members m ON m.family_id = n.family_id AND m.young WHERE n.need_code IN ($1) AND n.person_id IS NULL AND NOT EXISTS (SELECT 1 FROM ev_needs named WHERE named.family_id = n.family_id AND named.need_code = n.need_code AND named.person_id = m.person_id)) x
JOIN (SELECT family_id, row_number() OVER (ORDER BY family_id) AS family_rank FROM ev_families) f ON f.family_id = x.family_id
LEFT JOIN (SELECT person_id, row_number() OVER (ORDER BY person_id) AS person_rank FROM people) r ON r.person_id = x.person_id;

-- phase3: Create the results table: one row per subject and rule node.
CREATE OR REPLACE TEMP TABLE ev_results (sid BIGINT, node_id VARCHAR, status VARCHAR, reason VARCHAR, detail VARCHAR);

-- phase3: measure plan_closed(plan_types=early_help,child_in_need,child_protection, end_reasons=closed,stepped_down) for need 6.1 node 6.1/all_of/1.
-- A plan of the given types closed or stepped down since attachment, and none is still open.
-- parameters: $1 = '6.1', $2 = '6.1/all_of/1', $3 = 'early_help', $4 = 'child_in_need', $5 = 'child_protection', $6 = 'closed', $7 = 'stepped_down'
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN coalesce(p.open_plans, 0) > 0 THEN 'not_met' WHEN coalesce(p.ended, 0) > 0 THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN coalesce(p.open_plans, 0) > 0 THEN 'A plan is still open at the evaluation date.'
       WHEN coalesce(p.ended, 0) > 0 THEN 'A plan ended (closed or stepped down) on ' || strftime(p.last_end, '%Y-%m-%d') || ' and none is open.'
       ELSE 'No plan closed or stepped down between attachment and the evaluation date.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("from" := s.a, "to" := s.t), "plans" := coalesce(p.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) FILTER (WHERE pl.end_date BETWEEN s.a AND s.t AND pl.end_reason IN ($6, $7)) AS ended,
    max(pl.end_date) FILTER (WHERE pl.end_date BETWEEN s.a AND s.t AND pl.end_reason IN ($6, $7)) AS last_end,
    count(*) FILTER (WHERE pl.start_date <= s.t AND (pl.end_date IS NULL OR pl.end_date > s.t)) AS open_plans,
    list_transform(list_sort(list((pl.start_date, struct_pack("plan_id" := pl.plan_id, "type" := pl.plan_type, "start" := pl.start_date, "end" := pl.end_date, "end_reason" := pl.end_reason)))), lambda x: x[2]) AS items
  FROM subj s JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid
  JOIN plans pl ON pl.person_id = sp.person_id AND pl.plan_type IN ($3, $4, $5)
  GROUP BY s.sid) p ON p.sid = s.sid
);

-- phase3: measure evidence(require_verified=$require_verified) for need 6.1 node 6.1/all_of/2.
-- Recorded evidence (result met or improved) for the need, dated between attachment and the evaluation date.
-- parameters: $1 = '6.1', $2 = '6.1/all_of/2', $3 = false
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN e.n > 0 THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN e.n > 0 THEN 'Evidence recorded: ' || e.records[1].evidence_type || ' (' || e.records[1].result || ') on ' || strftime(e.records[1].evidence_date, '%Y-%m-%d') || '.'
       ELSE 'No qualifying evidence recorded between attachment and the evaluation date.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("from" := s.a, "to" := s.t), "require_verified" := $3, "evidence" := coalesce(list_transform(e.records, lambda x: x.item), []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s2.sid, count(*) AS n,
    list_sort(list(struct_pack(evidence_date := ev.evidence_date, evidence_id := ev.evidence_id, evidence_type := ev.evidence_type, result := ev.result, item := ev.item))) AS records
  FROM subj s2
  JOIN (
    SELECT ev.family_id, ev.need_code, ev.person_id, ev.evidence_date, ev.evidence_id, ev.evidence_type, ev.result, struct_pack("evidence_id" := ev.evidence_id, "type" := ev.evidence_type, "result" := ev.result, "date" := ev.evidence_date, "person_id" := ev.person_id, "verified" := ev.verified) AS item
    FROM evidence ev
    WHERE ev.result IN ('met', 'improved') AND (NOT $3 OR coalesce(ev.verified, false))
  ) ev ON ev.family_id = s2.family_id AND ev.need_code = s2.need_code
  WHERE ev.evidence_date BETWEEN s2.a AND s2.t
    AND (s2.person_id IS NULL OR ev.person_id IS NULL OR ev.person_id = s2.person_id)
  GROUP BY s2.sid
) e ON e.sid = s.sid
);

-- phase3: combine rule nodes at depth 0: 6.1 (all_of).
-- all_of: not_met if any part is not_met, met if all are met, else pending if any is pending, else insufficient_data. any_of: met if any route is met, not_met if all are not_met, else pending if any is pending, else insufficient_data.
-- parameters: $1 = '6.1', $2 = '6.1/all_of/1', $3 = 1, $4 = true, $5 = 1, $6 = '6.1/all_of/2', $7 = 1, $8 = true, $9 = 2, $10 = 3
INSERT INTO ev_results
SELECT sid, [$1][parent] AS node_id, ['met', 'not_met', 'pending', 'insufficient_data'][code + 1] AS status,
  CASE WHEN code = CASE WHEN is_all THEN 0 ELSE 1 END THEN concat_ws(' ', reason_1, reason_2) ELSE first_reason END AS reason,
  CAST(NULL AS VARCHAR) AS detail
FROM (
  SELECT r.sid, m.parent, m.is_all,
    CASE WHEN m.is_all THEN
           CASE WHEN bool_or(r.status = 'not_met') THEN 1 WHEN bool_and(r.status = 'met') THEN 0 WHEN bool_or(r.status = 'pending') THEN 2 ELSE 3 END
         ELSE
           CASE WHEN bool_or(r.status = 'met') THEN 0 WHEN bool_and(r.status = 'not_met') THEN 1 WHEN bool_or(r.status = 'pending') THEN 2 ELSE 3 END END AS code,
    arg_min(r.reason, CASE r.status WHEN CASE WHEN m.is_all THEN 'not_met' ELSE 'met' END THEN 0 WHEN 'pending' THEN 1 WHEN 'insufficient_data' THEN 2 ELSE 3 END * $10 + m.ord) AS first_reason,
    any_value(r.reason) FILTER (WHERE m.ord = 1) AS reason_1,
    any_value(r.reason) FILTER (WHERE m.ord = 2) AS reason_2
  FROM ev_results r JOIN (VALUES ($2, $3, $4, $5), ($6, $7, $8, $9)) m(child_id, parent, is_all, ord) ON r.node_id = m.child_id
  GROUP BY r.sid, m.parent, m.is_all);

-- phase3: Layout: each node of each need in the rule's order (ord), and the JSON text around its part of the need's detail.
-- parameters: $1 = '6.1', $2 = 0, $3 = false, $4 = true, $5 = '', $6 = '{"combine":"all_of","parts":[', $7 = '', $8 = false, $9 = false, $10 = '6.1/all_of/1', $11 = 1, $12 = true, $13 = false, $14 = '', $15 = '', $16 = '}', $17 = false, $18 = false, $19 = '6.1/all_of/2', $20 = 2, $21 = true, $22 = false, $23 = ',', $24 = '', $25 = '}]}', $26 = false, $27 = false
CREATE OR REPLACE TEMP TABLE ev_layout AS SELECT * FROM (VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9), ($10, $11, $12, $13, $14, $15, $16, $17, $18), ($19, $20, $21, $22, $23, $24, $25, $26, $27)) m(node_id, ord, leaf, root, sep, open, close, instrument, single);

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
SELECT sid, concat(any_value(fragment) FILTER (WHERE ord = 0), any_value(fragment) FILTER (WHERE ord = 1), any_value(fragment) FILTER (WHERE ord = 2)) AS detail
FROM (
  SELECT r.sid, m.ord,
    concat(m.sep, CASE WHEN m.root THEN '' ELSE concat('{"node":', coalesce(CAST(to_json(r.node_id) AS VARCHAR), 'null'), ',"status":', coalesce(CAST(to_json(r.status) AS VARCHAR), 'null'), ',"reason":', coalesce(CAST(to_json(r.reason) AS VARCHAR), 'null'), ',"detail":') END, CASE WHEN m.leaf THEN coalesce(r.detail, 'null') ELSE m.open END, m.close) AS fragment
  FROM ev_results r JOIN ev_layout m ON m.node_id = r.node_id WHERE NOT m.single)
GROUP BY sid;
