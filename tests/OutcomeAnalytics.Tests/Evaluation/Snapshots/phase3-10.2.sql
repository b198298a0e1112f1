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
-- parameters: $1 = 'SDQ', $2 = 'parent', $3 = 'lower', $4 = 7.1898, $5 = 'SDQ', $6 = 'teacher', $7 = 'lower', $8 = NULL, $9 = 'SDQ', $10 = 'self', $11 = 'lower', $12 = NULL, $13 = 'SDQ', $14 = 'practitioner', $15 = 'lower', $16 = NULL, $17 = 'WEMWBS', $18 = 'parent', $19 = 'higher', $20 = 3, $21 = 'WEMWBS', $22 = 'teacher', $23 = 'higher', $24 = 3, $25 = 'WEMWBS', $26 = 'self', $27 = 'higher', $28 = 3, $29 = 'WEMWBS', $30 = 'practitioner', $31 = 'higher', $32 = 3, $33 = 'SWEMWBS', $34 = 'parent', $35 = 'higher', $36 = 2.87, $37 = 'SWEMWBS', $38 = 'teacher', $39 = 'higher', $40 = 2.87, $41 = 'SWEMWBS', $42 = 'self', $43 = 'higher', $44 = 2.87, $45 = 'SWEMWBS', $46 = 'practitioner', $47 = 'higher', $48 = 2.87, $49 = 'GAD7', $50 = 'parent', $51 = 'lower', $52 = 4, $53 = 'GAD7', $54 = 'teacher', $55 = 'lower', $56 = 4, $57 = 'GAD7', $58 = 'self', $59 = 'lower', $60 = 4, $61 = 'GAD7', $62 = 'practitioner', $63 = 'lower', $64 = 4, $65 = 'PHQ9', $66 = 'parent', $67 = 'lower', $68 = 6, $69 = 'PHQ9', $70 = 'teacher', $71 = 'lower', $72 = 6, $73 = 'PHQ9', $74 = 'self', $75 = 'lower', $76 = 6, $77 = 'PHQ9', $78 = 'practitioner', $79 = 'lower', $80 = 6, $81 = 'K10', $82 = 'parent', $83 = 'lower', $84 = NULL, $85 = 'K10', $86 = 'teacher', $87 = 'lower', $88 = NULL, $89 = 'K10', $90 = 'self', $91 = 'lower', $92 = NULL, $93 = 'K10', $94 = 'practitioner', $95 = 'lower', $96 = NULL, $97 = 'RCADS', $98 = 'parent', $99 = 'lower', $100 = NULL, $101 = 'RCADS', $102 = 'teacher', $103 = 'lower', $104 = NULL, $105 = 'RCADS', $106 = 'self', $107 = 'lower', $108 = NULL, $109 = 'RCADS', $110 = 'practitioner', $111 = 'lower', $112 = NULL, $113 = 'DASS21', $114 = 'parent', $115 = 'lower', $116 = NULL, $117 = 'DASS21', $118 = 'teacher', $119 = 'lower', $120 = NULL, $121 = 'DASS21', $122 = 'self', $123 = 'lower', $124 = NULL, $125 = 'DASS21', $126 = 'practitioner', $127 = 'lower', $128 = NULL, $129 = 'AUDIT', $130 = 'parent', $131 = 'lower', $132 = NULL, $133 = 'AUDIT', $134 = 'teacher', $135 = 'lower', $136 = NULL, $137 = 'AUDIT', $138 = 'self', $139 = 'lower', $140 = NULL, $141 = 'AUDIT', $142 = 'practitioner', $143 = 'lower', $144 = NULL, $145 = 'AUDITC', $146 = 'parent', $147 = 'lower', $148 = NULL, $149 = 'AUDITC', $150 = 'teacher', $151 = 'lower', $152 = NULL, $153 = 'AUDITC', $154 = 'self', $155 = 'lower', $156 = NULL, $157 = 'AUDITC', $158 = 'practitioner', $159 = 'lower', $160 = NULL, $161 = 'CRAFFT', $162 = 'parent', $163 = 'lower', $164 = NULL, $165 = 'CRAFFT', $166 = 'teacher', $167 = 'lower', $168 = NULL, $169 = 'CRAFFT', $170 = 'self', $171 = 'lower', $172 = NULL, $173 = 'CRAFFT', $174 = 'practitioner', $175 = 'lower', $176 = NULL, $177 = 'DASTA', $178 = 'parent', $179 = 'lower', $180 = NULL, $181 = 'DASTA', $182 = 'teacher', $183 = 'lower', $184 = NULL, $185 = 'DASTA', $186 = 'self', $187 = 'lower', $188 = NULL, $189 = 'DASTA', $190 = 'practitioner', $191 = 'lower', $192 = NULL, $193 = 'ASQ', $194 = 'parent', $195 = 'higher', $196 = NULL, $197 = 'ASQ', $198 = 'teacher', $199 = 'higher', $200 = NULL, $201 = 'ASQ', $202 = 'self', $203 = 'higher', $204 = NULL, $205 = 'ASQ', $206 = 'practitioner', $207 = 'higher', $208 = NULL, $209 = 'MORS', $210 = 'parent', $211 = 'higher', $212 = NULL, $213 = 'MORS', $214 = 'teacher', $215 = 'higher', $216 = NULL, $217 = 'MORS', $218 = 'self', $219 = 'higher', $220 = NULL, $221 = 'MORS', $222 = 'practitioner', $223 = 'higher', $224 = NULL, $225 = 'FRQ', $226 = 'parent', $227 = 'higher', $228 = NULL, $229 = 'FRQ', $230 = 'teacher', $231 = 'higher', $232 = NULL, $233 = 'FRQ', $234 = 'self', $235 = 'higher', $236 = NULL, $237 = 'FRQ', $238 = 'practitioner', $239 = 'higher', $240 = NULL
CREATE OR REPLACE TEMP TABLE ev_instrument_totals AS SELECT * FROM (VALUES ($1, $2, $3, CAST($4 AS DECIMAL(18,4))), ($5, $6, $7, CAST($8 AS DECIMAL(18,4))), ($9, $10, $11, CAST($12 AS DECIMAL(18,4))), ($13, $14, $15, CAST($16 AS DECIMAL(18,4))), ($17, $18, $19, CAST($20 AS DECIMAL(18,4))), ($21, $22, $23, CAST($24 AS DECIMAL(18,4))), ($25, $26, $27, CAST($28 AS DECIMAL(18,4))), ($29, $30, $31, CAST($32 AS DECIMAL(18,4))), ($33, $34, $35, CAST($36 AS DECIMAL(18,4))), ($37, $38, $39, CAST($40 AS DECIMAL(18,4))), ($41, $42, $43, CAST($44 AS DECIMAL(18,4))), ($45, $46, $47, CAST($48 AS DECIMAL(18,4))), ($49, $50, $51, CAST($52 AS DECIMAL(18,4))), ($53, $54, $55, CAST($56 AS DECIMAL(18,4))), ($57, $58, $59, CAST($60 AS DECIMAL(18,4))), ($61, $62, $63, CAST($64 AS DECIMAL(18,4))), ($65, $66, $67, CAST($68 AS DECIMAL(18,4))), ($69, $70, $71, CAST($72 AS DECIMAL(18,4))), ($73, $74, $75, CAST($76 AS DECIMAL(18,4))), ($77, $78, $79, CAST($80 AS DECIMAL(18,4))), ($81, $82, $83, CAST($84 AS DECIMAL(18,4))), ($85, $86, $87, CAST($88 AS DECIMAL(18,4))), ($89, $90, $91, CAST($92 AS DECIMAL(18,4))), ($93, $94, $95, CAST($96 AS DECIMAL(18,4))), ($97, $98, $99, CAST($100 AS DECIMAL(18,4))), ($101, $102, $103, CAST($104 AS DECIMAL(18,4))), ($105, $106, $107, CAST($108 AS DECIMAL(18,4))), ($109, $110, $111, CAST($112 AS DECIMAL(18,4))), ($113, $114, $115, CAST($116 AS DECIMAL(18,4))), ($117, $118, $119, CAST($120 AS DECIMAL(18,4))), ($121, $122, $123, CAST($124 AS DECIMAL(18,4))), ($125, $126, $127, CAST($128 AS DECIMAL(18,4))), ($129, $130, $131, CAST($132 AS DECIMAL(18,4))), ($133, $134, $135, CAST($136 AS DECIMAL(18,4))), ($137, $138, $139, CAST($140 AS DECIMAL(18,4))), ($141, $142, $143, CAST($144 AS DECIMAL(18,4))), ($145, $146, $147, CAST($148 AS DECIMAL(18,4))), ($149, $150, $151, CAST($152 AS DECIMAL(18,4))), ($153, $154, $155, CAST($156 AS DECIMAL(18,4))), ($157, $158, $159, CAST($160 AS DECIMAL(18,4))), ($161, $162, $163, CAST($164 AS DECIMAL(18,4))), ($165, $166, $167, CAST($168 AS DECIMAL(18,4))), ($169, $170, $171, CAST($172 AS DECIMAL(18,4))), ($173, $174, $175, CAST($176 AS DECIMAL(18,4))), ($177, $178, $179, CAST($180 AS DECIMAL(18,4))), ($181, $182, $183, CAST($184 AS DECIMAL(18,4))), ($185, $186, $187, CAST($188 AS DECIMAL(18,4))), ($189, $190, $191, CAST($192 AS DECIMAL(18,4))), ($193, $194, $195, CAST($196 AS DECIMAL(18,4))), ($197, $198, $199, CAST($200 AS DECIMAL(18,4))), ($201, $202, $203, CAST($204 AS DECIMAL(18,4))), ($205, $206, $207, CAST($208 AS DECIMAL(18,4))), ($209, $210, $211, CAST($212 AS DECIMAL(18,4))), ($213, $214, $215, CAST($216 AS DECIMAL(18,4))), ($217, $218, $219, CAST($220 AS DECIMAL(18,4))), ($221, $222, $223, CAST($224 AS DECIMAL(18,4))), ($225, $226, $227, CAST($228 AS DECIMAL(18,4))), ($229, $230, $231, CAST($232 AS DECIMAL(18,4))), ($233, $234, $235, CAST($236 AS DECIMAL(18,4))), ($237, $238, $239, CAST($240 AS DECIMAL(18,4)))) t(instrument, informant, better, reliable_change);

-- phase3: Instruments: the raw-to-converted score tables (SWEMWBS metric scores), from models/instruments/instruments.yaml.
-- parameters: $1 = 'SWEMWBS', $2 = 7, $3 = 7.00, $4 = 'SWEMWBS', $5 = 8, $6 = 9.51, $7 = 'SWEMWBS', $8 = 9, $9 = 11.25, $10 = 'SWEMWBS', $11 = 10, $12 = 12.40, $13 = 'SWEMWBS', $14 = 11, $15 = 13.33, $16 = 'SWEMWBS', $17 = 12, $18 = 14.08, $19 = 'SWEMWBS', $20 = 13, $21 = 14.75, $22 = 'SWEMWBS', $23 = 14, $24 = 15.32, $25 = 'SWEMWBS', $26 = 15, $27 = 15.84, $28 = 'SWEMWBS', $29 = 16, $30 = 16.36, $31 = 'SWEMWBS', $32 = 17, $33 = 16.88, $34 = 'SWEMWBS', $35 = 18, $36 = 17.43, $37 = 'SWEMWBS', $38 = 19, $39 = 17.98, $40 = 'SWEMWBS', $41 = 20, $42 = 18.59, $43 = 'SWEMWBS', $44 = 21, $45 = 19.25, $46 = 'SWEMWBS', $47 = 22, $48 = 19.98, $49 = 'SWEMWBS', $50 = 23, $51 = 20.73, $52 = 'SWEMWBS', $53 = 24, $54 = 21.54, $55 = 'SWEMWBS', $56 = 25, $57 = 22.35, $58 = 'SWEMWBS', $59 = 26, $60 = 23.21, $61 = 'SWEMWBS', $62 = 27, $63 = 24.11, $64 = 'SWEMWBS', $65 = 28, $66 = 25.03, $67 = 'SWEMWBS', $68 = 29, $69 = 26.02, $70 = 'SWEMWBS', $71 = 30, $72 = 27.03, $73 = 'SWEMWBS', $74 = 31, $75 = 28.13, $76 = 'SWEMWBS', $77 = 32, $78 = 29.31, $79 = 'SWEMWBS', $80 = 33, $81 = 30.70, $82 = 'SWEMWBS', $83 = 34, $84 = 32.55, $85 = 'SWEMWBS', $86 = 35, $87 = 35.00
CREATE OR REPLACE TEMP TABLE ev_instrument_conversions AS SELECT * FROM (VALUES ($1, CAST($2 AS DECIMAL(18,4)), CAST($3 AS DECIMAL(18,4))), ($4, CAST($5 AS DECIMAL(18,4)), CAST($6 AS DECIMAL(18,4))), ($7, CAST($8 AS DECIMAL(18,4)), CAST($9 AS DECIMAL(18,4))), ($10, CAST($11 AS DECIMAL(18,4)), CAST($12 AS DECIMAL(18,4))), ($13, CAST($14 AS DECIMAL(18,4)), CAST($15 AS DECIMAL(18,4))), ($16, CAST($17 AS DECIMAL(18,4)), CAST($18 AS DECIMAL(18,4))), ($19, CAST($20 AS DECIMAL(18,4)), CAST($21 AS DECIMAL(18,4))), ($22, CAST($23 AS DECIMAL(18,4)), CAST($24 AS DECIMAL(18,4))), ($25, CAST($26 AS DECIMAL(18,4)), CAST($27 AS DECIMAL(18,4))), ($28, CAST($29 AS DECIMAL(18,4)), CAST($30 AS DECIMAL(18,4))), ($31, CAST($32 AS DECIMAL(18,4)), CAST($33 AS DECIMAL(18,4))), ($34, CAST($35 AS DECIMAL(18,4)), CAST($36 AS DECIMAL(18,4))), ($37, CAST($38 AS DECIMAL(18,4)), CAST($39 AS DECIMAL(18,4))), ($40, CAST($41 AS DECIMAL(18,4)), CAST($42 AS DECIMAL(18,4))), ($43, CAST($44 AS DECIMAL(18,4)), CAST($45 AS DECIMAL(18,4))), ($46, CAST($47 AS DECIMAL(18,4)), CAST($48 AS DECIMAL(18,4))), ($49, CAST($50 AS DECIMAL(18,4)), CAST($51 AS DECIMAL(18,4))), ($52, CAST($53 AS DECIMAL(18,4)), CAST($54 AS DECIMAL(18,4))), ($55, CAST($56 AS DECIMAL(18,4)), CAST($57 AS DECIMAL(18,4))), ($58, CAST($59 AS DECIMAL(18,4)), CAST($60 AS DECIMAL(18,4))), ($61, CAST($62 AS DECIMAL(18,4)), CAST($63 AS DECIMAL(18,4))), ($64, CAST($65 AS DECIMAL(18,4)), CAST($66 AS DECIMAL(18,4))), ($67, CAST($68 AS DECIMAL(18,4)), CAST($69 AS DECIMAL(18,4))), ($70, CAST($71 AS DECIMAL(18,4)), CAST($72 AS DECIMAL(18,4))), ($73, CAST($74 AS DECIMAL(18,4)), CAST($75 AS DECIMAL(18,4))), ($76, CAST($77 AS DECIMAL(18,4)), CAST($78 AS DECIMAL(18,4))), ($79, CAST($80 AS DECIMAL(18,4)), CAST($81 AS DECIMAL(18,4))), ($82, CAST($83 AS DECIMAL(18,4)), CAST($84 AS DECIMAL(18,4))), ($85, CAST($86 AS DECIMAL(18,4)), CAST($87 AS DECIMAL(18,4)))) t(instrument, raw, converted);

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
-- parameters: $1 = '10.2', $2 = 'phase3', $3 = 2, $4 = '10.2', $5 = 2147483648
CREATE OR REPLACE TEMP TABLE ev_subjects AS
WITH identified AS MATERIALIZED (
  SELECT n.family_id, n.need_code, n.person_id, n.basis, f.a, f.c, f.t, s.scope
  FROM needs n JOIN ev_families f ON f.family_id = n.family_id JOIN (VALUES ($1, 'Person')) s(need_code, scope) ON s.need_code = n.need_code
  WHERE coalesce(n.framework, $2) = $2)
SELECT ((f.family_rank * $3 + list_position([$4], x.need_code)) * $5 + coalesce(r.person_rank, 0)) * 2 + x.expanded AS sid, x.* EXCLUDE (expanded) FROM (
  SELECT family_id, need_code, person_id, basis, a, c, t, scope, false AS nobody, 0 AS expanded FROM identified WHERE scope = 'Person' OR (scope <> 'Family' AND person_id IS NOT NULL)) x
JOIN (SELECT family_id, row_number() OVER (ORDER BY family_id) AS family_rank FROM ev_families) f ON f.family_id = x.family_id
LEFT JOIN (SELECT person_id, row_number() OVER (ORDER BY person_id) AS person_rank FROM people) r ON r.person_id = x.person_id;

-- phase3: Create the results table: one row per subject and rule node.
CREATE OR REPLACE TEMP TABLE ev_results (sid BIGINT, node_id VARCHAR, status VARCHAR, reason VARCHAR, detail VARCHAR);

-- phase3: measure evidence(require_verified=$require_verified, types=practitioner_assessment,self_assessment,course_completed,support_in_place,service_engagement,multi_agency_engagement,specialist_programme,confirmation,take_up,specialist_referral,risk_assessment,debt_plan,health_registration,other) for need 10.2 node 10.2.
-- Recorded evidence (result met or improved) for the need, dated between attachment and the evaluation date.
-- parameters: $1 = '10.2', $2 = '10.2', $3 = false
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

-- phase3: Layout: each node of each need in the rule's order (ord), and the JSON text around its part of the need's detail.
-- parameters: $1 = '10.2', $2 = 0, $3 = true, $4 = true, $5 = '', $6 = '', $7 = '', $8 = false, $9 = true
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
