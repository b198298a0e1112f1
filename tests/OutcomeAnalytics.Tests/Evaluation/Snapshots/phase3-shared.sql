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

-- phase3: Instruments: each total scale's direction and reliable change by informant, from models/instruments/instruments.yaml.
-- then 60 row(s) of reference data written into ev_instrument_totals
CREATE OR REPLACE TEMP TABLE ev_instrument_totals (instrument VARCHAR, informant VARCHAR, better VARCHAR, reliable_change DECIMAL(18,4));

-- phase3: Instruments: the raw-to-converted score tables (SWEMWBS metric scores), from models/instruments/instruments.yaml.
-- then 29 row(s) of reference data written into ev_instrument_conversions
CREATE OR REPLACE TEMP TABLE ev_instrument_conversions (instrument VARCHAR, raw DECIMAL(18,4), converted DECIMAL(18,4));

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

-- phase3: Subjects: the identified needs, and who each is judged for, by its scope (family; the named person; or every child, young person, adult or pupil of the family when none is named). 'nobody' marks a scope that selects no one.
-- parameters: $1 = '1.1', $2 = '1.2', $3 = '1.3', $4 = '1.4', $5 = '2.1', $6 = '2.2', $7 = '2.3', $8 = '3.1', $9 = '3.2', $10 = '3.3', $11 = '4.1', $12 = '4.2', $13 = '5.1', $14 = '5.2', $15 = '5.3', $16 = '5.4', $17 = '6.1', $18 = '6.2', $19 = '6.3', $20 = '6.4', $21 = '6.5', $22 = '6.6', $23 = '7.1', $24 = '7.2', $25 = '7.3', $26 = '8.1', $27 = '8.2', $28 = '8.3', $29 = '9.1', $30 = '9.2', $31 = '9.3', $32 = '10.1', $33 = '10.2', $34 = '10.3', $35 = 'phase3', $36 = 2, $37 = 64, $38 = '1.1', $39 = '1.2', $40 = '1.3', $41 = '1.4', $42 = '2.1', $43 = '2.2', $44 = '2.3', $45 = '3.1', $46 = '3.2', $47 = '3.3', $48 = '4.1', $49 = '4.2', $50 = '5.1', $51 = '5.2', $52 = '5.3', $53 = '5.4', $54 = '6.1', $55 = '6.2', $56 = '6.3', $57 = '6.4', $58 = '6.5', $59 = '6.6', $60 = '7.1', $61 = '7.2', $62 = '7.3', $63 = '8.1', $64 = '8.2', $65 = '8.3', $66 = '9.1', $67 = '9.2', $68 = '9.3', $69 = '10.1', $70 = '10.2', $71 = '10.3', $72 = 2147483648
CREATE OR REPLACE TEMP TABLE ev_subjects AS
WITH identified AS MATERIALIZED (
  SELECT n.family_id, n.need_code, n.person_id, n.basis, f.a, f.c, f.t, s.scope
  FROM needs n JOIN ev_families f ON f.family_id = n.family_id JOIN (VALUES ($1, 'Pupil'), ($2, 'Child'), ($3, 'Child'), ($4, 'Person'), ($5, 'Person'), ($6, 'Person'), ($7, 'Child'), ($8, 'Child'), ($9, 'Adult'), ($10, 'Person'), ($11, 'Adult'), ($12, 'YoungPerson'), ($13, 'Person'), ($14, 'Person'), ($15, 'Person'), ($16, 'Person'), ($17, 'Child'), ($18, 'Child'), ($19, 'Child'), ($20, 'Child'), ($21, 'Person'), ($22, 'Child'), ($23, 'Adult'), ($24, 'YoungPerson'), ($25, 'YoungPerson'), ($26, 'Family'), ($27, 'Family'), ($28, 'Family'), ($29, 'Person'), ($30, 'Person'), ($31, 'Person'), ($32, 'Adult'), ($33, 'Person'), ($34, 'YoungPerson')) s(need_code, scope) ON s.need_code = n.need_code
  WHERE coalesce(n.framework, $35) = $35),
members AS (
  SELECT m.family_id, m.person_id, p.date_of_birth + to_years(18) > f.a AS young
  FROM family_members m JOIN people p ON p.person_id = m.person_id JOIN ev_families f ON f.family_id = m.family_id),
pupils AS (
  SELECT DISTINCT m.family_id, m.person_id FROM members m
  JOIN attendance att ON att.person_id = m.person_id
  JOIN ev_family_terms ft ON ft.family_id = m.family_id AND ft.window_name = 'outcome' AND ft.academic_year = att.academic_year AND ft.term = att.term
  WHERE m.family_id IN (SELECT family_id FROM identified WHERE scope = 'Pupil' AND person_id IS NULL)
    AND m.family_id IN (SELECT family_id FROM ev_family_terms WHERE window_name = 'outcome' GROUP BY family_id HAVING count(*) = $36)),
reached AS (
  SELECT family_id, person_id, unnest(CASE WHEN young THEN ['Child', 'YoungPerson'] WHEN NOT young THEN ['Adult'] ELSE [] END) AS scope FROM members
  UNION ALL
  SELECT family_id, person_id, 'Pupil' FROM pupils)
SELECT ((f.family_rank * $37 + list_position([$38, $39, $40, $41, $42, $43, $44, $45, $46, $47, $48, $49, $50, $51, $52, $53, $54, $55, $56, $57, $58, $59, $60, $61, $62, $63, $64, $65, $66, $67, $68, $69, $70, $71], x.need_code)) * $72 + coalesce(r.person_rank, 0)) * 2 + x.expanded AS sid, x.* EXCLUDE (expanded) FROM (
  SELECT DISTINCT family_id, need_code, CAST(NULL AS VARCHAR) AS person_id, CAST(NULL AS VARCHAR) AS basis, a, c, t, scope, false AS nobody, 0 AS expanded FROM identified WHERE scope = 'Family'
  UNION ALL
  SELECT family_id, need_code, person_id, basis, a, c, t, scope, false AS nobody, 0 AS expanded FROM identified WHERE scope = 'Person' OR (scope <> 'Family' AND person_id IS NOT NULL)
  UNION ALL
  SELECT n.family_id, n.need_code, m.person_id, n.basis, n.a, n.c, n.t, n.scope, m.person_id IS NULL AS nobody, 1 AS expanded
  FROM identified n LEFT JOIN reached m ON m.family_id = n.family_id AND m.scope = n.scope
  WHERE n.scope IN ('Child', 'YoungPerson', 'Adult', 'Pupil') AND n.person_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM identified named WHERE named.family_id = n.family_id AND named.need_code = n.need_code AND named.person_id = m.person_id)) x
JOIN (SELECT family_id, row_number() OVER (ORDER BY family_id) AS family_rank FROM ev_families) f ON f.family_id = x.family_id
LEFT JOIN (SELECT person_id, row_number() OVER (ORDER BY person_id) AS person_rank FROM people) r ON r.person_id = x.person_id;

-- phase3: Create the results table: one row per subject and rule node.
CREATE OR REPLACE TEMP TABLE ev_results (sid BIGINT, node_id VARCHAR, status VARCHAR, reason VARCHAR, detail VARCHAR);

-- phase3: combine rule nodes at depth 0: 1.3 (any_of), 2.3 (any_of), 3.1 (any_of), 3.2 (any_of), 4.1 (any_of), 4.2 (any_of), 5.2 (any_of), 6.1 (all_of), 6.2 (all_of), 6.3 (all_of), 6.4 (all_of), 6.6 (all_of), 8.1 (all_of), 8.2 (all_of), 8.3 (all_of), 10.1 (any_of), 10.3 (any_of).
-- all_of: not_met if any part is not_met, met if all are met, else pending if any is pending, else insufficient_data. any_of: met if any route is met, not_met if all are not_met, else pending if any is pending, else insufficient_data.
-- parameters: $1 = '1.3', $2 = '1.3/any_of/1', $3 = 1, $4 = false, $5 = 1, $6 = '1.3/any_of/2', $7 = 1, $8 = false, $9 = 2, $10 = '1.3/any_of/3', $11 = 1, $12 = false, $13 = 3, $14 = '2.3', $15 = '2.3/any_of/1', $16 = 2, $17 = false, $18 = 1, $19 = '2.3/any_of/2', $20 = 2, $21 = false, $22 = 2, $23 = '3.1', $24 = '3.1/any_of/1', $25 = 3, $26 = false, $27 = 1, $28 = '3.1/any_of/2', $29 = 3, $30 = false, $31 = 2, $32 = '3.2', $33 = '3.2/any_of/1', $34 = 4, $35 = false, $36 = 1, $37 = '3.2/any_of/2', $38 = 4, $39 = false, $40 = 2, $41 = '4.1', $42 = '4.1/any_of/1', $43 = 5, $44 = false, $45 = 1, $46 = '4.1/any_of/2', $47 = 5, $48 = false, $49 = 2, $50 = '4.2', $51 = '4.2/any_of/1', $52 = 6, $53 = false, $54 = 1, $55 = '4.2/any_of/2', $56 = 6, $57 = false, $58 = 2, $59 = '5.2', $60 = '5.2/any_of/1', $61 = 7, $62 = false, $63 = 1, $64 = '5.2/any_of/2', $65 = 7, $66 = false, $67 = 2, $68 = '6.1', $69 = '6.1/all_of/1', $70 = 8, $71 = true, $72 = 1, $73 = '6.1/all_of/2', $74 = 8, $75 = true, $76 = 2, $77 = '6.2', $78 = '6.2/all_of/1', $79 = 9, $80 = true, $81 = 1, $82 = '6.2/all_of/2', $83 = 9, $84 = true, $85 = 2, $86 = '6.2/all_of/3', $87 = 9, $88 = true, $89 = 3, $90 = '6.3', $91 = '6.3/all_of/1', $92 = 10, $93 = true, $94 = 1, $95 = '6.3/all_of/2', $96 = 10, $97 = true, $98 = 2, $99 = '6.4', $100 = '6.4/all_of/1', $101 = 11, $102 = true, $103 = 1, $104 = '6.4/all_of/2', $105 = 11, $106 = true, $107 = 2, $108 = '6.6', $109 = '6.6/all_of/1', $110 = 12, $111 = true, $112 = 1, $113 = '6.6/all_of/2', $114 = 12, $115 = true, $116 = 2, $117 = '8.1', $118 = '8.1/all_of/1', $119 = 13, $120 = true, $121 = 1, $122 = '8.1/all_of/2', $123 = 13, $124 = true, $125 = 2, $126 = '8.1/all_of/3', $127 = 13, $128 = true, $129 = 3, $130 = '8.2', $131 = '8.2/all_of/1', $132 = 14, $133 = true, $134 = 1, $135 = '8.2/all_of/2', $136 = 14, $137 = true, $138 = 2, $139 = '8.2/all_of/3', $140 = 14, $141 = true, $142 = 3, $143 = '8.3', $144 = '8.3/all_of/1', $145 = 15, $146 = true, $147 = 1, $148 = '8.3/all_of/2', $149 = 15, $150 = true, $151 = 2, $152 = '8.3/all_of/3', $153 = 15, $154 = true, $155 = 3, $156 = '10.1', $157 = '10.1/any_of/1', $158 = 16, $159 = false, $160 = 1, $161 = '10.1/any_of/2', $162 = 16, $163 = false, $164 = 2, $165 = '10.3', $166 = '10.3/any_of/1', $167 = 17, $168 = false, $169 = 1, $170 = '10.3/any_of/2', $171 = 17, $172 = false, $173 = 2, $174 = 4
INSERT INTO ev_results
SELECT sid, [$1, $14, $23, $32, $41, $50, $59, $68, $77, $90, $99, $108, $117, $130, $143, $156, $165][parent] AS node_id, status,
  CASE WHEN status = CASE WHEN is_all THEN 'met' ELSE 'not_met' END THEN concat_ws(' ', reason_1, reason_2, reason_3) ELSE first_reason END AS reason,
  CAST(NULL AS VARCHAR) AS detail
FROM (
  SELECT r.sid, m.parent, m.is_all,
    CASE WHEN m.is_all THEN CASE WHEN bool_or(r.status = 'not_met') THEN 'not_met' WHEN bool_and(r.status = 'met') THEN 'met' WHEN bool_or(r.status = 'pending') THEN 'pending' ELSE 'insufficient_data' END ELSE CASE WHEN bool_or(r.status = 'met') THEN 'met' WHEN bool_and(r.status = 'not_met') THEN 'not_met' WHEN bool_or(r.status = 'pending') THEN 'pending' ELSE 'insufficient_data' END END AS status,
    arg_min(r.reason, CASE r.status WHEN CASE WHEN m.is_all THEN 'not_met' ELSE 'met' END THEN 0 WHEN 'pending' THEN 1 WHEN 'insufficient_data' THEN 2 ELSE 3 END * $174 + m.ord) AS first_reason,
    any_value(r.reason) FILTER (WHERE m.ord = 1) AS reason_1,
    any_value(r.reason) FILTER (WHERE m.ord = 2) AS reason_2,
    any_value(r.reason) FILTER (WHERE m.ord = 3) AS reason_3
  FROM ev_results r JOIN (VALUES ($2, $3, $4, $5), ($6, $7, $8, $9), ($10, $11, $12, $13), ($15, $16, $17, $18), ($19, $20, $21, $22), ($24, $25, $26, $27), ($28, $29, $30, $31), ($33, $34, $35, $36), ($37, $38, $39, $40), ($42, $43, $44, $45), ($46, $47, $48, $49), ($51, $52, $53, $54), ($55, $56, $57, $58), ($60, $61, $62, $63), ($64, $65, $66, $67), ($69, $70, $71, $72), ($73, $74, $75, $76), ($78, $79, $80, $81), ($82, $83, $84, $85), ($86, $87, $88, $89), ($91, $92, $93, $94), ($95, $96, $97, $98), ($100, $101, $102, $103), ($104, $105, $106, $107), ($109, $110, $111, $112), ($113, $114, $115, $116), ($118, $119, $120, $121), ($122, $123, $124, $125), ($126, $127, $128, $129), ($131, $132, $133, $134), ($135, $136, $137, $138), ($139, $140, $141, $142), ($144, $145, $146, $147), ($148, $149, $150, $151), ($152, $153, $154, $155), ($157, $158, $159, $160), ($161, $162, $163, $164), ($166, $167, $168, $169), ($170, $171, $172, $173)) m(child_id, parent, is_all, ord) ON r.node_id = m.child_id
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
