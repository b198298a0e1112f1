-- phase3: The default term calendar, from models/calendar/default-terms.yaml: each term's place in the academic year (k), its first and last day, and the year offset from the year the academic year starts in.
-- then 3 row(s) of reference data written into ev_default_terms
CREATE OR REPLACE TEMP TABLE ev_default_terms (k INTEGER, term VARCHAR, start_month INTEGER, start_day INTEGER, end_month INTEGER, end_day INTEGER, year_offset INTEGER);

-- phase3: The term calendar: term_dates when loaded, else the default calendar (autumn 1/9 - 31/12; spring 1/1 - 31/3; summer 1/4 - 31/8).
CREATE OR REPLACE TEMP TABLE ev_calendar AS
SELECT CAST(left(academic_year, 4) AS INTEGER) * 3 + CASE term WHEN 'autumn' THEN 0 WHEN 'spring' THEN 1 ELSE 2 END AS term_index,
       academic_year, term, start_date, end_date
FROM term_dates
UNION ALL
SELECT y * 3 + t.k, CAST(y AS VARCHAR) || '/' || lpad(CAST((y + 1) % 100 AS VARCHAR), 2, '0'), t.term,
       make_date(y + t.year_offset, t.start_month, t.start_day), make_date(y + t.year_offset, t.end_month, t.end_day)
FROM range(1990, 2100) years(y), ev_default_terms t
WHERE NOT EXISTS (SELECT 1 FROM term_dates);

-- phase3: Instruments: each total scale's direction and reliable change by informant, from models/instruments/instruments.yaml.
-- then 60 row(s) of reference data written into ev_instrument_totals
CREATE OR REPLACE TEMP TABLE ev_instrument_totals (instrument VARCHAR, informant VARCHAR, better VARCHAR, reliable_change DECIMAL(18,4));

-- phase3: Instruments: the raw-to-converted score tables (SWEMWBS metric scores), from models/instruments/instruments.yaml.
-- then 29 row(s) of reference data written into ev_instrument_conversions
CREATE OR REPLACE TEMP TABLE ev_instrument_conversions (instrument VARCHAR, raw DECIMAL(18,4), converted DECIMAL(18,4));

-- phase3: Families with A (attached), C (closure) and T (the evaluation date).
-- parameters: $1 = 2025-10-01
CREATE OR REPLACE TEMP TABLE ev_families AS SELECT family_id, attached_date AS a, CASE WHEN closure_date <= CAST($1 AS DATE) THEN closure_date END AS c, CAST($1 AS DATE) AS t FROM families;

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

-- phase3: Needs: each need's scope, its place in the framework (rank) and its headline.
-- then 34 row(s) of reference data written into ev_framework_needs
CREATE OR REPLACE TEMP TABLE ev_framework_needs (need_code VARCHAR, scope VARCHAR, need_rank INTEGER, headline INTEGER);

-- phase3: Subjects: the identified needs, and who each is judged for, by its scope (family; the named person; or every child, young person, adult or pupil of the family when none is named). 'nobody' marks a scope that selects no one.
-- parameters: $1 = 'phase3', $2 = 2, $3 = 64, $4 = 2147483648
CREATE OR REPLACE TEMP TABLE ev_subjects AS
WITH identified AS MATERIALIZED (
  SELECT n.family_id, n.need_code, n.person_id, n.basis, f.a, f.c, f.t, s.scope
  FROM needs n JOIN ev_families f ON f.family_id = n.family_id JOIN ev_framework_needs s ON s.need_code = n.need_code
  WHERE coalesce(n.framework, $1) = $1),
members AS (
  SELECT m.family_id, m.person_id, (year(f.a) * 10000 + month(f.a) * 100 + day(f.a)) - (year(p.date_of_birth) * 10000 + month(p.date_of_birth) * 100 + day(p.date_of_birth)) < 180000 AS young
  FROM family_members m JOIN people p ON p.person_id = m.person_id JOIN ev_families f ON f.family_id = m.family_id),
pupils AS (
  SELECT DISTINCT m.family_id, m.person_id FROM members m
  JOIN attendance att ON att.person_id = m.person_id
  JOIN ev_family_terms ft ON ft.family_id = m.family_id AND ft.window_name = 'outcome' AND ft.academic_year = att.academic_year AND ft.term = att.term
  WHERE m.family_id IN (SELECT family_id FROM identified WHERE scope = 'Pupil' AND person_id IS NULL)
    AND m.family_id IN (SELECT family_id FROM ev_family_terms WHERE window_name = 'outcome' GROUP BY family_id HAVING count(*) = $2)),
reached AS (
  SELECT family_id, person_id, unnest(CASE WHEN young THEN ['Child', 'YoungPerson'] WHEN NOT young THEN ['Adult'] ELSE [] END) AS scope FROM members
  UNION ALL
  SELECT family_id, person_id, 'Pupil' FROM pupils)
SELECT ((f.family_rank * $3 + s.need_rank) * $4 + coalesce(r.person_rank, 0)) * 2 + x.expanded AS sid, x.* EXCLUDE (expanded) FROM (
  SELECT DISTINCT family_id, need_code, CAST(NULL AS VARCHAR) AS person_id, CAST(NULL AS VARCHAR) AS basis, a, c, t, scope, false AS nobody, 0 AS expanded FROM identified WHERE scope = 'Family'
  UNION ALL
  SELECT family_id, need_code, person_id, basis, a, c, t, scope, false AS nobody, 0 AS expanded FROM identified WHERE scope = 'Person' OR (scope <> 'Family' AND person_id IS NOT NULL)
  UNION ALL
  SELECT n.family_id, n.need_code, m.person_id, n.basis, n.a, n.c, n.t, n.scope, m.person_id IS NULL AS nobody, 1 AS expanded
  FROM identified n LEFT JOIN reached m ON m.family_id = n.family_id AND m.scope = n.scope
  WHERE n.scope IN ('Child', 'YoungPerson', 'Adult', 'Pupil') AND n.person_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM identified named WHERE named.family_id = n.family_id AND named.need_code = n.need_code AND named.person_id = m.person_id)) x
JOIN (SELECT family_id, row_number() OVER (ORDER BY family_id) AS family_rank FROM ev_families) f ON f.family_id = x.family_id
JOIN ev_framework_needs s ON s.need_code = x.need_code
LEFT JOIN (SELECT person_id, row_number() OVER (ORDER BY person_id) AS person_rank FROM people) r ON r.person_id = x.person_id;

-- phase3: Create the results table: one row per subject and rule node.
CREATE OR REPLACE TEMP TABLE ev_results (sid BIGINT, node_id VARCHAR, status VARCHAR, reason VARCHAR, detail VARCHAR);

-- phase3: Measure nodes: each rule node a measure decides (node_id), its need (need_code) and the statement below that decides it (measure: 1 for the first); the arguments a kind takes per node, empty for other kinds: instruments (arg_instruments), incident_types (arg_incident_types).
-- then 56 row(s) of reference data written into ev_measure_nodes
CREATE OR REPLACE TEMP TABLE ev_measure_nodes (measure INTEGER, need_code VARCHAR, node_id VARCHAR, arg_instruments VARCHAR[], arg_incident_types VARCHAR[]);

-- phase3: The parts of the rule nodes at depth 0: each part (child_id), the number of its node in the list below (parent), whether the node needs all its parts (is_all), and the part's place in it (ord).
-- then 39 row(s) of reference data written into ev_combine_0
CREATE OR REPLACE TEMP TABLE ev_combine_0 (child_id VARCHAR, parent INTEGER, is_all BOOLEAN, ord INTEGER);

-- phase3: combine rule nodes at depth 0: 1.3 (any_of), 2.3 (any_of), 3.1 (any_of), 3.2 (any_of), 4.1 (any_of), 4.2 (any_of), 5.2 (any_of), 6.1 (all_of), 6.2 (all_of), 6.3 (all_of), 6.4 (all_of), 6.6 (all_of), 8.1 (all_of), 8.2 (all_of), 8.3 (all_of), 10.1 (any_of), 10.3 (any_of).
-- all_of: not_met if any part is not_met, met if all are met, else pending if any is pending, else insufficient_data. any_of: met if any route is met, not_met if all are not_met, else pending if any is pending, else insufficient_data.
-- parameters: $1 = '1.3', $2 = '2.3', $3 = '3.1', $4 = '3.2', $5 = '4.1', $6 = '4.2', $7 = '5.2', $8 = '6.1', $9 = '6.2', $10 = '6.3', $11 = '6.4', $12 = '6.6', $13 = '8.1', $14 = '8.2', $15 = '8.3', $16 = '10.1', $17 = '10.3', $18 = 4
INSERT INTO ev_results
SELECT sid, [$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17][parent] AS node_id, status,
  CASE WHEN status = CASE WHEN is_all THEN 'met' ELSE 'not_met' END THEN concat_ws(' ', reason_1, reason_2, reason_3) ELSE first_reason END AS reason,
  CAST(NULL AS VARCHAR) AS detail
FROM (
  SELECT r.sid, m.parent, m.is_all,
    CASE WHEN m.is_all THEN CASE WHEN bool_or(r.status = 'not_met') THEN 'not_met' WHEN bool_and(r.status = 'met') THEN 'met' WHEN bool_or(r.status = 'pending') THEN 'pending' ELSE 'insufficient_data' END ELSE CASE WHEN bool_or(r.status = 'met') THEN 'met' WHEN bool_and(r.status = 'not_met') THEN 'not_met' WHEN bool_or(r.status = 'pending') THEN 'pending' ELSE 'insufficient_data' END END AS status,
    arg_min(r.reason, CASE r.status WHEN CASE WHEN m.is_all THEN 'not_met' ELSE 'met' END THEN 0 WHEN 'pending' THEN 1 WHEN 'insufficient_data' THEN 2 ELSE 3 END * $18 + m.ord) AS first_reason,
    any_value(r.reason) FILTER (WHERE m.ord = 1) AS reason_1,
    any_value(r.reason) FILTER (WHERE m.ord = 2) AS reason_2,
    any_value(r.reason) FILTER (WHERE m.ord = 3) AS reason_3
  FROM ev_results r JOIN ev_combine_0 m ON r.node_id = m.child_id
  GROUP BY r.sid, m.parent, m.is_all);

-- phase3: Layout: each node of each need in the rule's order (ord), and the JSON text around its part of the need's detail.
-- then 73 row(s) of reference data written into ev_layout
CREATE OR REPLACE TEMP TABLE ev_layout (node_id VARCHAR, ord INTEGER, leaf BOOLEAN, root BOOLEAN, sep VARCHAR, open VARCHAR, close VARCHAR, instrument BOOLEAN, single BOOLEAN);

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
SELECT sid, concat(any_value(fragment) FILTER (WHERE ord = 0), any_value(fragment) FILTER (WHERE ord = 1), any_value(fragment) FILTER (WHERE ord = 2), any_value(fragment) FILTER (WHERE ord = 3)) AS detail
FROM (
  SELECT r.sid, m.ord,
    concat(m.sep, CASE WHEN m.root THEN '' ELSE concat('{"node":', coalesce(CAST(to_json(r.node_id) AS VARCHAR), 'null'), ',"status":', coalesce(CAST(to_json(r.status) AS VARCHAR), 'null'), ',"reason":', coalesce(CAST(to_json(r.reason) AS VARCHAR), 'null'), ',"detail":') END, CASE WHEN m.leaf THEN coalesce(r.detail, 'null') ELSE m.open END, m.close) AS fragment
  FROM ev_results r JOIN ev_layout m ON m.node_id = r.node_id WHERE NOT m.single)
GROUP BY sid;
