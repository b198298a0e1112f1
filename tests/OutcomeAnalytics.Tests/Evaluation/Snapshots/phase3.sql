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

-- phase3: measure attendance_threshold(min_percent=$attendance_threshold) for need 1.1 node 1.1.
-- Attendance over the outcome terms (the most recent complete terms since attachment) is at least a threshold.
-- parameters: $1 = '1.1', $2 = '1.1', $3 = 2, $4 = 90, $5 = true, $6 = 'sessions'
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN o.terms < $3 THEN 'pending'
       WHEN o.rows < o.terms OR o.pct IS NULL THEN 'insufficient_data'
       WHEN round(o.pct, 9) >= CAST($4 AS DECIMAL(38,0)) THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN o.terms < $3 THEN 'Only ' || o.terms || ' of the ' || $3 || ' outcome terms have finished since attachment.'
       WHEN o.rows < o.terms THEN 'No attendance recorded for ' || (o.terms - o.rows) || ' of the outcome terms.'
       WHEN o.pct IS NULL THEN 'The attendance rows of the outcome terms leave no possible sessions (after any authorised absence), so no percentage can be worked out.'
       ELSE 'Attendance over the outcome terms was ' || (floor(round(o.pct, 9) * 10) / 10) || '%, ' || CASE WHEN round(o.pct, 9) >= CAST($4 AS DECIMAL(38,0)) THEN 'at or above' ELSE 'below' END || ' the threshold of ' || CAST($4 AS DECIMAL(38,0)) || '%.' END AS reason,
  CAST(to_json(struct_pack("outcome_terms" := coalesce(o.items, []), "attendance_percent" := round(o.pct, 2), "threshold_percent" := CAST($4 AS DECIMAL(38,0)))) AS VARCHAR) AS detail
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

-- phase3: measure attendance_improvement(min_percent=$improved_attendance_minimum, improvement=$attendance_improvement, mode=$improvement_mode) for need 1.2 node 1.2.
-- Attendance improved from the baseline terms (before attachment) to the outcome terms, and reached a minimum.
-- parameters: $1 = '1.2', $2 = '1.2', $3 = 2, $4 = 2, $5 = 50, $6 = 0.30, $7 = 'relative', $8 = true, $9 = 'sessions', $10 = true, $11 = 'sessions'
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN o.terms < $3 THEN 'pending'
       WHEN b.terms < $4 OR b.rows < b.terms OR o.rows < o.terms OR b.pct IS NULL OR o.pct IS NULL THEN 'insufficient_data'
       -- "baseline 0 → met when outcome ≥ 50": the relative formula's zero baseline, where it cannot divide.
       WHEN round(o.pct, 9) >= CAST($5 AS DECIMAL(38,0)) AND coalesce(round(CASE $7
  WHEN 'points' THEN (o.pct - b.pct) / 100.0
  WHEN 'absence_relative' THEN CASE WHEN b.pct >= 100 THEN NULL ELSE ((100 - b.pct) - (100 - o.pct)) / (100 - b.pct) END
  ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 9) >= CAST($6 AS DECIMAL(38,2)), $7 = 'relative' AND b.pct = 0) THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN o.terms < $3 THEN 'Only ' || o.terms || ' of the ' || $3 || ' outcome terms have finished since attachment.'
       WHEN b.terms < $4 THEN 'There are not ' || $4 || ' complete terms before attachment to form a baseline.'
       WHEN b.rows < b.terms THEN 'Attendance is missing for a baseline term.'
       WHEN b.pct IS NULL THEN 'The attendance rows of the baseline terms leave no possible sessions (after any authorised absence), so no percentage can be worked out.'
       WHEN o.rows < o.terms THEN 'Attendance is missing for an outcome term.'
       WHEN o.pct IS NULL THEN 'The attendance rows of the outcome terms leave no possible sessions (after any authorised absence), so no percentage can be worked out.'
       ELSE 'Attendance went from ' || (floor(round(b.pct, 9) * 10) / 10) || '% to ' || (floor(round(o.pct, 9) * 10) / 10) || '% (' || $7 || ' improvement '
            || coalesce(CAST((floor(round(CASE $7
  WHEN 'points' THEN (o.pct - b.pct) / 100.0
  WHEN 'absence_relative' THEN CASE WHEN b.pct >= 100 THEN NULL ELSE ((100 - b.pct) - (100 - o.pct)) / (100 - b.pct) END
  ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 9) * 1000) / 1000) AS VARCHAR), CASE WHEN b.pct = 0 THEN 'from zero' ELSE 'none: there was no baseline absence to remove' END)
            || ', needed ' || CAST($6 AS DECIMAL(38,2)) || '; minimum ' || CAST($5 AS DECIMAL(38,0)) || '%).' END AS reason,
  CAST(to_json(struct_pack("baseline_terms" := coalesce(b.items, []), "baseline_percent" := round(b.pct, 2), "outcome_terms" := coalesce(o.items, []), "outcome_percent" := round(o.pct, 2), "mode" := $7, "improvement" := round(CASE $7
  WHEN 'points' THEN (o.pct - b.pct) / 100.0
  WHEN 'absence_relative' THEN CASE WHEN b.pct >= 100 THEN NULL ELSE ((100 - b.pct) - (100 - o.pct)) / (100 - b.pct) END
  ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 4), "improvement_required" := CAST($6 AS DECIMAL(38,2)), "minimum_percent" := CAST($5 AS DECIMAL(38,0)))) AS VARCHAR) AS detail
FROM subj s
JOIN (SELECT s.sid, count(ft.term_index) AS terms, count(att.person_id) AS rows,
  CASE WHEN $9 = 'mean_of_terms'
       THEN avg(100.0 * att.attended_sessions / nullif(att.possible_sessions - CASE WHEN $8 THEN 0 ELSE att.authorised_absence END, 0))
       ELSE 100.0 * sum(att.attended_sessions) / nullif(sum(att.possible_sessions) - CASE WHEN $8 THEN 0 ELSE sum(att.authorised_absence) END, 0)
  END AS pct,
  list_transform(list_sort(list((ft.term_index, struct_pack("term" := ft.academic_year || ' ' || ft.term, "start" := ft.start_date, "end" := ft.end_date, "possible" := att.possible_sessions, "attended" := att.attended_sessions, "authorised_absence" := att.authorised_absence, "unauthorised_absence" := att.unauthorised_absence))) FILTER (WHERE ft.term_index IS NOT NULL)), lambda x: x[2]) AS items
FROM subj s
LEFT JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'outcome'
LEFT JOIN attendance att ON att.person_id = s.person_id AND att.academic_year = ft.academic_year AND att.term = ft.term
GROUP BY s.sid) o ON o.sid = s.sid
JOIN (SELECT s.sid, count(ft.term_index) AS terms, count(att.person_id) AS rows,
  CASE WHEN $11 = 'mean_of_terms'
       THEN avg(100.0 * att.attended_sessions / nullif(att.possible_sessions - CASE WHEN $10 THEN 0 ELSE att.authorised_absence END, 0))
       ELSE 100.0 * sum(att.attended_sessions) / nullif(sum(att.possible_sessions) - CASE WHEN $10 THEN 0 ELSE sum(att.authorised_absence) END, 0)
  END AS pct,
  list_transform(list_sort(list((ft.term_index, struct_pack("term" := ft.academic_year || ' ' || ft.term, "start" := ft.start_date, "end" := ft.end_date, "possible" := att.possible_sessions, "attended" := att.attended_sessions, "authorised_absence" := att.authorised_absence, "unauthorised_absence" := att.unauthorised_absence))) FILTER (WHERE ft.term_index IS NOT NULL)), lambda x: x[2]) AS items
FROM subj s
LEFT JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'baseline'
LEFT JOIN attendance att ON att.person_id = s.person_id AND att.academic_year = ft.academic_year AND att.term = ft.term
GROUP BY s.sid) b ON b.sid = s.sid
);

-- phase3: measure exclusion_reduction(min_reduction=$min_reduction) for need 1.3 node 1.3/any_of/1.
-- Fewer days lost to exclusions in the outcome terms than in the baseline terms, with no permanent exclusion.
-- parameters: $1 = '1.3', $2 = '1.3/any_of/1', $3 = 2, $4 = 2, $5 = 0
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
WITH w AS (
  SELECT s.sid, ft.window_name, count(DISTINCT ft.term_index) AS terms,
    coalesce(sum(x.days_lost), 0) AS days, count(x.person_id) FILTER (WHERE x.category = 'permanent') AS permanent,
    list_transform(list_sort(list((x.start_date, struct_pack("start" := x.start_date, "category" := x.category, "days_lost" := x.days_lost))) FILTER (WHERE x.person_id IS NOT NULL)), lambda x: x[2]) AS items,
    list_transform(list_sort(list(DISTINCT (ft.term_index, struct_pack("term" := ft.academic_year || ' ' || ft.term, "start" := ft.start_date, "end" := ft.end_date)))), lambda x: x[2]) AS term_items
  FROM subj s
  JOIN ev_family_terms ft ON ft.family_id = s.family_id
  LEFT JOIN exclusions x ON x.person_id = s.person_id AND x.start_date BETWEEN ft.start_date AND ft.end_date
  GROUP BY s.sid, ft.window_name)
SELECT s.sid, s.node_id,
  CASE WHEN coalesce(o.terms, 0) < $3 THEN 'pending'
       WHEN coalesce(b.terms, 0) < $4 THEN 'insufficient_data'
       WHEN o.permanent = 0 AND b.days - o.days > CAST($5 AS DECIMAL(38,0)) THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN coalesce(o.terms, 0) < $3 THEN 'The outcome terms have not all finished.'
       WHEN coalesce(b.terms, 0) = 0 THEN 'There are no complete baseline terms before attachment.'
       WHEN b.terms < $4 THEN 'Only ' || b.terms || ' of the ' || $4 || ' baseline terms are complete before attachment.'
       WHEN o.permanent > 0 THEN 'A permanent exclusion started in the outcome terms.'
       WHEN b.days - o.days > CAST($5 AS DECIMAL(38,0)) THEN 'Days lost to exclusions went from ' || b.days || ' in the baseline terms to ' || o.days || ' in the outcome terms.'
       ELSE 'Days lost to exclusions went from ' || b.days || ' in the baseline terms to ' || o.days || ' in the outcome terms: they must fall by more than ' || CAST($5 AS DECIMAL(38,0)) || '.' END AS reason,
  CAST(to_json(struct_pack("baseline_terms" := coalesce(b.term_items, []), "outcome_terms" := coalesce(o.term_items, []), "baseline_days_lost" := b.days, "outcome_days_lost" := o.days, "permanent_in_outcome_terms" := o.permanent, "baseline_exclusions" := coalesce(b.items, []), "outcome_exclusions" := coalesce(o.items, []), "min_reduction" := CAST($5 AS DECIMAL(38,0)))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN w o ON o.sid = s.sid AND o.window_name = 'outcome'
LEFT JOIN w b ON b.sid = s.sid AND b.window_name = 'baseline'
);

-- phase3: measure instrument_improvement(min_change=$min_change) for need 1.3 node 1.3/any_of/2 (instruments=SDQ), need 2.3 node 2.3/any_of/1 (instruments=ASQ), need 3.1 node 3.1/any_of/1 (instruments=SDQ,RCADS,MORS,SWEMWBS,GAD7), need 3.2 node 3.2/any_of/1 (instruments=WEMWBS,SWEMWBS,GAD7,PHQ9,K10,DASS21), need 4.1 node 4.1/any_of/1 (instruments=AUDIT,AUDITC), need 4.2 node 4.2/any_of/1 (instruments=CRAFFT,DASTA,SDQ), need 5.2 node 5.2/any_of/2 (instruments=FRQ).
-- A validated questionnaire score improved from baseline to follow-up.
-- parameters: $1 = '1.3', $2 = '1.3/any_of/2', $3 = 'SDQ', $4 = '2.3', $5 = '2.3/any_of/1', $6 = 'ASQ', $7 = '3.1', $8 = '3.1/any_of/1', $9 = 'SDQ,RCADS,MORS,SWEMWBS,GAD7', $10 = '3.2', $11 = '3.2/any_of/1', $12 = 'WEMWBS,SWEMWBS,GAD7,PHQ9,K10,DASS21', $13 = '4.1', $14 = '4.1/any_of/1', $15 = 'AUDIT,AUDITC', $16 = '4.2', $17 = '4.2/any_of/1', $18 = 'CRAFFT,DASTA,SDQ', $19 = '5.2', $20 = '5.2/any_of/2', $21 = 'FRQ', $22 = 30, $23 = 28, $24 = 0
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2, string_split($3, ',')), ($4, $5, string_split($6, ',')), ($7, $8, string_split($9, ',')), ($10, $11, string_split($12, ',')), ($13, $14, string_split($15, ',')), ($16, $17, string_split($18, ',')), ($19, $20, string_split($21, ','))) m(need_code, node_id, arg_instruments) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
WITH who AS (
  SELECT s.sid, s.person_id AS who, s.a, s.t, s.arg_instruments AS instruments FROM subj s WHERE s.person_id IS NOT NULL
  UNION ALL
  SELECT s.sid, m.person_id, s.a, s.t, s.arg_instruments FROM subj s JOIN family_members m ON m.family_id = s.family_id WHERE s.person_id IS NULL),
sit AS (
  SELECT s.sid, s.who, x.assessment_id, x.instrument, x.informant, x.assessment_date AS d, x.score AS raw,
         coalesce(cv.converted, x.score) AS score, r.better, r.reliable_change, s.a, s.t
  FROM who s
  JOIN assessments x ON x.person_id = s.who AND x.scale = 'total' AND list_contains(s.instruments, x.instrument)
  JOIN ev_instrument_totals r ON r.instrument = x.instrument AND r.informant = x.informant
  LEFT JOIN ev_instrument_conversions cv ON cv.instrument = x.instrument AND cv.raw = x.score),
base AS (
  SELECT sid, who, instrument, informant, arg_max(score, (d, assessment_id)) AS score, max(d) AS d, any_value(better) AS better, any_value(reliable_change) AS reliable_change
  FROM sit WHERE d <= a + $22 GROUP BY sid, who, instrument, informant),
pairs AS (
  SELECT b.sid, b.who, b.instrument, b.informant, b.d AS baseline_date, b.score AS baseline, b.better, b.reliable_change,
         arg_max(f.score, (f.d, f.assessment_id)) AS followup, max(f.d) AS followup_date
  FROM base b LEFT JOIN sit f ON f.sid = b.sid AND f.who = b.who AND f.instrument = b.instrument AND f.informant = b.informant
       AND f.d >= b.d + $23 AND f.d <= f.t
  GROUP BY ALL),
judged AS (
  SELECT *, CASE WHEN better = 'lower' THEN baseline - followup ELSE followup - baseline END AS gain FROM pairs),
per_subject AS (
  SELECT sid,
    bool_or(gain > 0 AND gain >= CAST($24 AS DECIMAL(38,0))) AS improved, bool_or(followup IS NOT NULL) AS any_pair,
    -- reliable: some improved series reached its threshold (true); else unknown (NULL) when an improved
    -- series has no threshold for its informant; else false.
    CASE WHEN bool_or(gain > 0 AND gain >= CAST($24 AS DECIMAL(38,0)) AND gain >= reliable_change) THEN true
         WHEN bool_or(gain > 0 AND gain >= CAST($24 AS DECIMAL(38,0)) AND reliable_change IS NULL) THEN NULL
         ELSE false END AS reliable,
    list_transform(list_sort(list((who, instrument, informant, struct_pack("person_id" := who, "instrument" := instrument, "informant" := informant, "baseline_date" := baseline_date, "baseline" := baseline, "followup_date" := followup_date, "followup" := followup, "better" := better, "change" := gain, "reliable_change" := reliable_change)))), lambda x: x[4]) AS items
  FROM judged GROUP BY sid)
SELECT s.sid, s.node_id,
  CASE WHEN p.improved THEN 'met' WHEN coalesce(p.any_pair, false) THEN 'not_met' ELSE 'insufficient_data' END AS status,
  CASE WHEN p.improved THEN 'A questionnaire score improved from baseline to follow-up.'
       WHEN coalesce(p.any_pair, false) THEN CASE WHEN CAST($24 AS DECIMAL(38,0)) > 0 THEN 'Questionnaire scores did not improve by at least ' || CAST($24 AS DECIMAL(38,0)) || '.' ELSE 'Questionnaire scores did not improve.' END
       WHEN p.sid IS NULL THEN 'No baseline questionnaire on or before ' || strftime(s.a + $22, '%Y-%m-%d') || '.'
       ELSE 'No follow-up questionnaire at least ' || $23 || ' days after the baseline and on or before ' || strftime(s.t, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("instruments" := array_to_string(s.arg_instruments, ','), "baseline_until" := s.a + $22, "followup_min_gap_days" := $23, "followup_until" := s.t, "pairs" := coalesce(p.items, []), "min_change" := CAST($24 AS DECIMAL(38,0)), "reliable_improvement" := CASE WHEN p.improved THEN p.reliable ELSE false END)) AS VARCHAR) AS detail
FROM subj s LEFT JOIN per_subject p ON p.sid = s.sid
);

-- phase3: measure evidence(require_verified=$require_verified, types=practitioner_assessment,self_assessment,course_completed,support_in_place,service_engagement,multi_agency_engagement,specialist_programme,confirmation,take_up,specialist_referral,risk_assessment,debt_plan,health_registration,other) for need 1.3 node 1.3/any_of/3, need 1.4 node 1.4, need 2.1 node 2.1, need 2.2 node 2.2, need 2.3 node 2.3/any_of/2, need 3.1 node 3.1/any_of/2, need 3.2 node 3.2/any_of/2, need 3.3 node 3.3, need 4.1 node 4.1/any_of/2, need 4.2 node 4.2/any_of/2, need 5.1 node 5.1, need 5.2 node 5.2/any_of/1, need 5.3 node 5.3, need 5.4 node 5.4, need 6.1 node 6.1/all_of/2, need 6.2 node 6.2/all_of/3, need 6.3 node 6.3/all_of/1, need 6.4 node 6.4/all_of/1, need 6.5 node 6.5, need 6.6 node 6.6/all_of/1, need 8.1 node 8.1/all_of/3, need 8.2 node 8.2/all_of/3, need 8.3 node 8.3/all_of/3, need 9.1 node 9.1, need 9.2 node 9.2, need 9.3 node 9.3, need 10.1 node 10.1/any_of/2, need 10.2 node 10.2, need 10.3 node 10.3/any_of/2.
-- Recorded evidence (result met or improved) for the need, dated between attachment and the evaluation date.
-- parameters: $1 = '1.3', $2 = '1.3/any_of/3', $3 = '1.4', $4 = '1.4', $5 = '2.1', $6 = '2.1', $7 = '2.2', $8 = '2.2', $9 = '2.3', $10 = '2.3/any_of/2', $11 = '3.1', $12 = '3.1/any_of/2', $13 = '3.2', $14 = '3.2/any_of/2', $15 = '3.3', $16 = '3.3', $17 = '4.1', $18 = '4.1/any_of/2', $19 = '4.2', $20 = '4.2/any_of/2', $21 = '5.1', $22 = '5.1', $23 = '5.2', $24 = '5.2/any_of/1', $25 = '5.3', $26 = '5.3', $27 = '5.4', $28 = '5.4', $29 = '6.1', $30 = '6.1/all_of/2', $31 = '6.2', $32 = '6.2/all_of/3', $33 = '6.3', $34 = '6.3/all_of/1', $35 = '6.4', $36 = '6.4/all_of/1', $37 = '6.5', $38 = '6.5', $39 = '6.6', $40 = '6.6/all_of/1', $41 = '8.1', $42 = '8.1/all_of/3', $43 = '8.2', $44 = '8.2/all_of/3', $45 = '8.3', $46 = '8.3/all_of/3', $47 = '9.1', $48 = '9.1', $49 = '9.2', $50 = '9.2', $51 = '9.3', $52 = '9.3', $53 = '10.1', $54 = '10.1/any_of/2', $55 = '10.2', $56 = '10.2', $57 = '10.3', $58 = '10.3/any_of/2', $59 = false
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2), ($3, $4), ($5, $6), ($7, $8), ($9, $10), ($11, $12), ($13, $14), ($15, $16), ($17, $18), ($19, $20), ($21, $22), ($23, $24), ($25, $26), ($27, $28), ($29, $30), ($31, $32), ($33, $34), ($35, $36), ($37, $38), ($39, $40), ($41, $42), ($43, $44), ($45, $46), ($47, $48), ($49, $50), ($51, $52), ($53, $54), ($55, $56), ($57, $58)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN e.n > 0 THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN e.n > 0 THEN 'Evidence recorded: ' || e.records[1].evidence_type || ' (' || e.records[1].result || ') on ' || strftime(e.records[1].evidence_date, '%Y-%m-%d') || '.'
       ELSE 'No qualifying evidence recorded between attachment and the evaluation date.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("from" := s.a, "to" := s.t), "require_verified" := $59, "evidence" := coalesce(list_transform(e.records, lambda x: x.item), []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s2.sid, count(*) AS n,
    list_sort(list(struct_pack(evidence_date := ev.evidence_date, evidence_id := ev.evidence_id, evidence_type := ev.evidence_type, result := ev.result, item := ev.item))) AS records
  FROM subj s2
  JOIN (
    SELECT ev.family_id, ev.need_code, ev.person_id, ev.evidence_date, ev.evidence_id, ev.evidence_type, ev.result, struct_pack("evidence_id" := ev.evidence_id, "type" := ev.evidence_type, "result" := ev.result, "date" := ev.evidence_date, "person_id" := ev.person_id, "verified" := ev.verified) AS item
    FROM evidence ev
    WHERE ev.result IN ('met', 'improved') AND (NOT $59 OR coalesce(ev.verified, false))
  ) ev ON ev.family_id = s2.family_id AND ev.need_code = s2.need_code
  WHERE ev.evidence_date BETWEEN s2.a AND s2.t
    AND (s2.person_id IS NULL OR ev.person_id IS NULL OR ev.person_id = s2.person_id)
  GROUP BY s2.sid
) e ON e.sid = s.sid
);

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

-- phase3: measure no_incidents(window=pre_closure, whole_family=false) for need 6.2 node 6.2/all_of/1 (incident_types=missing_episode).
-- No incident of the given types in the pre-closure month or the post-closure window.
-- parameters: $1 = '6.2', $2 = '6.2/all_of/1', $3 = 'missing_episode', $4 = 6, $5 = 6, $6 = 6, $7 = 'pre-closure', $8 = 'pre-closure', $9 = 'pre_closure', $10 = 1, $11 = 1
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2, string_split($3, ','))) m(need_code, node_id, arg_incident_types) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($4) AS DATE)) THEN 'pending' WHEN coalesce(e.n, 0) = 0 THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($5) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($6) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No ' || array_to_string(s.arg_incident_types, ' or ') || ' incident in the ' || $7 || ' window.'
       ELSE e.n || ' ' || array_to_string(s.arg_incident_types, ' or ') || ' incident(s) in the ' || $8 || ' window, the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $9, "from" := CAST(s.c - to_months($10) AS DATE), "to" := s.c), "incident_types" := array_to_string(s.arg_incident_types, ','), "incidents" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid, count(*) AS n, min(i.incident_date) AS first_date,
    list_transform(list_sort(list((i.incident_date, struct_pack("incident_id" := i.incident_id, "person_id" := i.person_id, "date" := i.incident_date, "type" := i.incident_type)))), lambda x: x[2]) AS items
  FROM subj s JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid
  JOIN incidents i ON i.person_id = sp.person_id AND list_contains(s.arg_incident_types, i.incident_type)
    AND i.incident_date BETWEEN CAST(s.c - to_months($11) AS DATE) AND s.c
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);

-- phase3: measure no_referrals(services=$csc_referral_services, window=post_closure, whole_family=false) for need 6.2 node 6.2/all_of/2.
-- No referral into the given services, for the subject or the family, in the post-closure window.
-- parameters: $1 = '6.2', $2 = '6.2/all_of/2', $3 = 6, $4 = 6, $5 = 6, $6 = 'childrens_social_care', $7 = 'post-closure', $8 = 'childrens_social_care', $9 = 'post-closure', $10 = 'post_closure', $11 = 6, $12 = 'childrens_social_care', $13 = 'childrens_social_care', $14 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($3) AS DATE)) THEN 'pending' WHEN coalesce(e.n, 0) = 0 THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($4) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($5) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No referral to ' || $6 || ' in the ' || $7 || ' window.'
       ELSE e.n || ' referral(s) to ' || $8 || ' in the ' || $9 || ' window, the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $10, "from" := s.c, "to" := CAST(s.c + to_months($11) AS DATE)), "services" := $12, "referrals" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid, count(*) AS n, min(r.referral_date) AS first_date,
    list_transform(list_sort(list((r.referral_date, struct_pack("referral_id" := r.referral_id, "person_id" := r.person_id, "family_id" := r.family_id, "date" := r.referral_date, "service" := r.service)))), lambda x: x[2]) AS items
  FROM subj s JOIN (
    -- a referral for the family, or for one of the people whose records count (two equi-joins; UNION keeps a referral matched both ways once)
    SELECT s.sid, r.* FROM subj s JOIN referrals r ON r.family_id = s.family_id
    UNION
    SELECT sp.sid, r.* FROM (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp JOIN referrals r ON r.person_id = sp.person_id) r
    ON r.sid = s.sid AND r.service IN ($13) AND r.referral_date > s.c AND r.referral_date <= CAST(s.c + to_months($14) AS DATE)
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);

-- phase3: measure no_incidents(window=post_closure, whole_family=false) for need 6.3 node 6.3/all_of/2 (incident_types=exploitation_report,police_report), need 6.4 node 6.4/all_of/2 (incident_types=exploitation_report,police_report), need 6.6 node 6.6/all_of/2 (incident_types=police_report), need 7.2 node 7.2 (incident_types=$crime_counted_types).
-- No incident of the given types in the pre-closure month or the post-closure window.
-- parameters: $1 = '6.3', $2 = '6.3/all_of/2', $3 = 'exploitation_report,police_report', $4 = '6.4', $5 = '6.4/all_of/2', $6 = 'exploitation_report,police_report', $7 = '6.6', $8 = '6.6/all_of/2', $9 = 'police_report', $10 = '7.2', $11 = '7.2', $12 = 'offence,arrest,named_suspect,asb', $13 = 6, $14 = 6, $15 = 6, $16 = 'post-closure', $17 = 'post-closure', $18 = 'post_closure', $19 = 6, $20 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2, string_split($3, ',')), ($4, $5, string_split($6, ',')), ($7, $8, string_split($9, ',')), ($10, $11, string_split($12, ','))) m(need_code, node_id, arg_incident_types) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($13) AS DATE)) THEN 'pending' WHEN coalesce(e.n, 0) = 0 THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($14) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($15) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No ' || array_to_string(s.arg_incident_types, ' or ') || ' incident in the ' || $16 || ' window.'
       ELSE e.n || ' ' || array_to_string(s.arg_incident_types, ' or ') || ' incident(s) in the ' || $17 || ' window, the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $18, "from" := s.c, "to" := CAST(s.c + to_months($19) AS DATE)), "incident_types" := array_to_string(s.arg_incident_types, ','), "incidents" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid, count(*) AS n, min(i.incident_date) AS first_date,
    list_transform(list_sort(list((i.incident_date, struct_pack("incident_id" := i.incident_id, "person_id" := i.person_id, "date" := i.incident_date, "type" := i.incident_type)))), lambda x: x[2]) AS items
  FROM subj s JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid
  JOIN incidents i ON i.person_id = sp.person_id AND list_contains(s.arg_incident_types, i.incident_type)
    AND i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($20) AS DATE)
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);

-- phase3: measure incident_reduction(zero_route_max=$adult_zero_route_max, severe_blocks_reduction=false, counted_types=$crime_counted_types, fraction=$reduction_fraction, baseline=$reduction_baseline, baseline_months=$crime_baseline_months) for need 7.1 node 7.1.
-- No counted incidents after closure, or (from a high baseline) a sustained reduction.
-- parameters: $1 = '7.1', $2 = '7.1', $3 = 'offence', $4 = 'arrest', $5 = 'named_suspect', $6 = 'asb', $7 = 12, $8 = 6, $9 = 7, $10 = false, $11 = 0.5, $12 = 'rate_12_months', $13 = 6, $14 = 6, $15 = 6, $16 = 6, $17 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
WITH c AS (
  SELECT s.sid,
    count(*) FILTER (WHERE i.counted AND i.incident_date >= s.a - to_months($7) AND i.incident_date < s.a) AS n,
    count(*) FILTER (WHERE i.counted AND i.incident_date >= s.a - to_months(6) AND i.incident_date < s.a) AS n6,
    count(*) FILTER (WHERE i.counted AND i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($13) AS DATE)) AS p,
    count(*) FILTER (WHERE i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($13) AS DATE) AND i.is_severe) AS severe,
    -- the records the counts read, each with its window: counted incidents before attachment and after
    -- closure, and severe ones after closure (of any type, counted or not)
    list_transform(list_sort(list((i.incident_date, i.incident_id, struct_pack("incident_id" := i.incident_id, "date" := i.incident_date, "type" := i.incident_type, "severe" := i.severe, "counted" := i.counted, "window" := CASE WHEN i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($13) AS DATE) THEN 'post_closure' ELSE 'baseline' END))) FILTER (WHERE (i.counted AND (i.incident_date >= s.a - to_months($7) AND i.incident_date < s.a OR i.incident_date >= s.a - to_months(6) AND i.incident_date < s.a OR i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($13) AS DATE))) OR (i.is_severe AND i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($13) AS DATE)))), lambda x: x[3]) AS items
  FROM subj s
  LEFT JOIN (
    -- the subject's counted incidents (the basis filter sits inside, so the outer join is a plain equi-join on
    -- sid: an OR in its ON clause made it a nested loop) and, where severity blocks the reduction route, every
    -- severe incident, of whatever type
    SELECT sp.sid, x.*, coalesce(x.severe, false) AS is_severe, x.incident_type IN ($3, $4, $5, $6) AND (b.basis IS NULL OR lower(b.basis) NOT IN ($3, $4, $5, $6) OR x.incident_type = lower(b.basis)) AS counted
    FROM (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp JOIN subj b ON b.sid = sp.sid
    JOIN incidents x ON x.person_id = sp.person_id AND (x.incident_type IN ($3, $4, $5, $6))
    WHERE (x.incident_type IN ($3, $4, $5, $6) AND (b.basis IS NULL OR lower(b.basis) NOT IN ($3, $4, $5, $6) OR x.incident_type = lower(b.basis)))) i
    ON i.sid = s.sid
  GROUP BY s.sid)
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($14) AS DATE)) THEN 'pending'
       WHEN c.n <= $9 THEN CASE WHEN c.p = 0 THEN 'met' ELSE 'not_met' END
       WHEN c.p <= CASE WHEN $12 = 'count_6_months_before' THEN CAST($11 AS DECIMAL(38,1)) * c.n6 ELSE CAST($11 AS DECIMAL(38,1)) * c.n * $8 / $7 END AND NOT ($10 AND c.severe > 0) THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($15) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($16) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN c.n <= $9 THEN c.n || ' counted incident(s) in the ' || $7 || ' months before attachment (at most ' || $9 || '): '
            || CASE WHEN c.p = 0 THEN 'none after closure.' ELSE c.p || ' after closure, where none are allowed.' END
       ELSE c.n || ' counted incidents before attachment: ' || c.p || ' after closure against at most ' || rtrim(rtrim(printf('%.2f', CASE WHEN $12 = 'count_6_months_before' THEN CAST($11 AS DECIMAL(38,1)) * c.n6 ELSE CAST($11 AS DECIMAL(38,1)) * c.n * $8 / $7 END), '0'), '.') || ' allowed'
            || CASE WHEN $10 AND c.severe > 0 THEN ', and ' || c.severe || ' severe.' ELSE '.' END END AS reason,
  CAST(to_json(struct_pack("basis" := s.basis, "baseline_count" := c.n, "baseline_6_months" := c.n6, "post_closure_count" := c.p, "severe_post_closure" := CASE WHEN $10 THEN c.severe END, "route" := CASE WHEN c.n <= $9 THEN 'zero' ELSE 'reduction' END, "allowed" := CASE WHEN c.n <= $9 THEN 0 ELSE round(CASE WHEN $12 = 'count_6_months_before' THEN CAST($11 AS DECIMAL(38,1)) * c.n6 ELSE CAST($11 AS DECIMAL(38,1)) * c.n * $8 / $7 END, 4) END, "baseline_from" := CAST(s.a - to_months($7) AS DATE), "post_closure_from" := s.c, "post_closure_to" := CAST(s.c + to_months($17) AS DATE), "incidents" := coalesce(c.items, []))) AS VARCHAR) AS detail
FROM subj s JOIN c ON c.sid = s.sid
);

-- phase3: measure incident_reduction(zero_route_max=$young_zero_route_max, severe_blocks_reduction=true, counted_types=$crime_counted_types, fraction=$reduction_fraction, baseline=$reduction_baseline, baseline_months=$crime_baseline_months) for need 7.3 node 7.3.
-- No counted incidents after closure, or (from a high baseline) a sustained reduction.
-- parameters: $1 = '7.3', $2 = '7.3', $3 = 'offence', $4 = 'arrest', $5 = 'named_suspect', $6 = 'asb', $7 = 12, $8 = 6, $9 = 4, $10 = true, $11 = 0.5, $12 = 'rate_12_months', $13 = 6, $14 = 6, $15 = 6, $16 = 6, $17 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
WITH c AS (
  SELECT s.sid,
    count(*) FILTER (WHERE i.counted AND i.incident_date >= s.a - to_months($7) AND i.incident_date < s.a) AS n,
    count(*) FILTER (WHERE i.counted AND i.incident_date >= s.a - to_months(6) AND i.incident_date < s.a) AS n6,
    count(*) FILTER (WHERE i.counted AND i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($13) AS DATE)) AS p,
    count(*) FILTER (WHERE i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($13) AS DATE) AND i.is_severe) AS severe,
    -- the records the counts read, each with its window: counted incidents before attachment and after
    -- closure, and severe ones after closure (of any type, counted or not)
    list_transform(list_sort(list((i.incident_date, i.incident_id, struct_pack("incident_id" := i.incident_id, "date" := i.incident_date, "type" := i.incident_type, "severe" := i.severe, "counted" := i.counted, "window" := CASE WHEN i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($13) AS DATE) THEN 'post_closure' ELSE 'baseline' END))) FILTER (WHERE (i.counted AND (i.incident_date >= s.a - to_months($7) AND i.incident_date < s.a OR i.incident_date >= s.a - to_months(6) AND i.incident_date < s.a OR i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($13) AS DATE))) OR (i.is_severe AND i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($13) AS DATE)))), lambda x: x[3]) AS items
  FROM subj s
  LEFT JOIN (
    -- the subject's counted incidents (the basis filter sits inside, so the outer join is a plain equi-join on
    -- sid: an OR in its ON clause made it a nested loop) and, where severity blocks the reduction route, every
    -- severe incident, of whatever type
    SELECT sp.sid, x.*, coalesce(x.severe, false) AS is_severe, x.incident_type IN ($3, $4, $5, $6) AND (b.basis IS NULL OR lower(b.basis) NOT IN ($3, $4, $5, $6) OR x.incident_type = lower(b.basis)) AS counted
    FROM (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp JOIN subj b ON b.sid = sp.sid
    JOIN incidents x ON x.person_id = sp.person_id AND (x.incident_type IN ($3, $4, $5, $6) OR x.severe)
    WHERE (x.incident_type IN ($3, $4, $5, $6) AND (b.basis IS NULL OR lower(b.basis) NOT IN ($3, $4, $5, $6) OR x.incident_type = lower(b.basis))) OR x.severe) i
    ON i.sid = s.sid
  GROUP BY s.sid)
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($14) AS DATE)) THEN 'pending'
       WHEN c.n <= $9 THEN CASE WHEN c.p = 0 THEN 'met' ELSE 'not_met' END
       WHEN c.p <= CASE WHEN $12 = 'count_6_months_before' THEN CAST($11 AS DECIMAL(38,1)) * c.n6 ELSE CAST($11 AS DECIMAL(38,1)) * c.n * $8 / $7 END AND NOT ($10 AND c.severe > 0) THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($15) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($16) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN c.n <= $9 THEN c.n || ' counted incident(s) in the ' || $7 || ' months before attachment (at most ' || $9 || '): '
            || CASE WHEN c.p = 0 THEN 'none after closure.' ELSE c.p || ' after closure, where none are allowed.' END
       ELSE c.n || ' counted incidents before attachment: ' || c.p || ' after closure against at most ' || rtrim(rtrim(printf('%.2f', CASE WHEN $12 = 'count_6_months_before' THEN CAST($11 AS DECIMAL(38,1)) * c.n6 ELSE CAST($11 AS DECIMAL(38,1)) * c.n * $8 / $7 END), '0'), '.') || ' allowed'
            || CASE WHEN $10 AND c.severe > 0 THEN ', and ' || c.severe || ' severe.' ELSE '.' END END AS reason,
  CAST(to_json(struct_pack("basis" := s.basis, "baseline_count" := c.n, "baseline_6_months" := c.n6, "post_closure_count" := c.p, "severe_post_closure" := CASE WHEN $10 THEN c.severe END, "route" := CASE WHEN c.n <= $9 THEN 'zero' ELSE 'reduction' END, "allowed" := CASE WHEN c.n <= $9 THEN 0 ELSE round(CASE WHEN $12 = 'count_6_months_before' THEN CAST($11 AS DECIMAL(38,1)) * c.n6 ELSE CAST($11 AS DECIMAL(38,1)) * c.n * $8 / $7 END, 4) END, "baseline_from" := CAST(s.a - to_months($7) AS DATE), "post_closure_from" := s.c, "post_closure_to" := CAST(s.c + to_months($17) AS DATE), "incidents" := coalesce(c.items, []))) AS VARCHAR) AS detail
FROM subj s JOIN c ON c.sid = s.sid
);

-- phase3: measure no_incidents(window=pre_closure, whole_family=true) for need 8.1 node 8.1/all_of/1 (incident_types=domestic_abuse), need 8.2 node 8.2/all_of/1 (incident_types=domestic_abuse), need 8.3 node 8.3/all_of/1 (incident_types=domestic_abuse).
-- No incident of the given types in the pre-closure month or the post-closure window.
-- parameters: $1 = '8.1', $2 = '8.1/all_of/1', $3 = 'domestic_abuse', $4 = '8.2', $5 = '8.2/all_of/1', $6 = 'domestic_abuse', $7 = '8.3', $8 = '8.3/all_of/1', $9 = 'domestic_abuse', $10 = 6, $11 = 6, $12 = 6, $13 = 'pre-closure', $14 = 'pre-closure', $15 = 'pre_closure', $16 = 1, $17 = 1
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2, string_split($3, ',')), ($4, $5, string_split($6, ',')), ($7, $8, string_split($9, ','))) m(need_code, node_id, arg_incident_types) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($10) AS DATE)) THEN 'pending' WHEN coalesce(e.n, 0) = 0 THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($11) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($12) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No ' || array_to_string(s.arg_incident_types, ' or ') || ' incident in the ' || $13 || ' window.'
       ELSE e.n || ' ' || array_to_string(s.arg_incident_types, ' or ') || ' incident(s) in the ' || $14 || ' window, the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $15, "from" := CAST(s.c - to_months($16) AS DATE), "to" := s.c), "incident_types" := array_to_string(s.arg_incident_types, ','), "incidents" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid, count(*) AS n, min(i.incident_date) AS first_date,
    list_transform(list_sort(list((i.incident_date, struct_pack("incident_id" := i.incident_id, "person_id" := i.person_id, "date" := i.incident_date, "type" := i.incident_type)))), lambda x: x[2]) AS items
  FROM subj s JOIN (SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id) sp ON sp.sid = s.sid
  JOIN incidents i ON i.person_id = sp.person_id AND list_contains(s.arg_incident_types, i.incident_type)
    AND i.incident_date BETWEEN CAST(s.c - to_months($17) AS DATE) AND s.c
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);

-- phase3: measure no_referrals(services=$da_referral_services, window=post_closure, whole_family=true) for need 8.1 node 8.1/all_of/2, need 8.2 node 8.2/all_of/2, need 8.3 node 8.3/all_of/2.
-- No referral into the given services, for the subject or the family, in the post-closure window.
-- parameters: $1 = '8.1', $2 = '8.1/all_of/2', $3 = '8.2', $4 = '8.2/all_of/2', $5 = '8.3', $6 = '8.3/all_of/2', $7 = 6, $8 = 6, $9 = 6, $10 = 'domestic_abuse or childrens_social_care', $11 = 'post-closure', $12 = 'domestic_abuse or childrens_social_care', $13 = 'post-closure', $14 = 'post_closure', $15 = 6, $16 = 'domestic_abuse,childrens_social_care', $17 = 'domestic_abuse', $18 = 'childrens_social_care', $19 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2), ($3, $4), ($5, $6)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($7) AS DATE)) THEN 'pending' WHEN coalesce(e.n, 0) = 0 THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($8) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($9) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No referral to ' || $10 || ' in the ' || $11 || ' window.'
       ELSE e.n || ' referral(s) to ' || $12 || ' in the ' || $13 || ' window, the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $14, "from" := s.c, "to" := CAST(s.c + to_months($15) AS DATE)), "services" := $16, "referrals" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid, count(*) AS n, min(r.referral_date) AS first_date,
    list_transform(list_sort(list((r.referral_date, struct_pack("referral_id" := r.referral_id, "person_id" := r.person_id, "family_id" := r.family_id, "date" := r.referral_date, "service" := r.service)))), lambda x: x[2]) AS items
  FROM subj s JOIN (
    -- a referral for the family, or for one of the people whose records count (two equi-joins; UNION keeps a referral matched both ways once)
    SELECT s.sid, r.* FROM subj s JOIN referrals r ON r.family_id = s.family_id
    UNION
    SELECT sp.sid, r.* FROM (SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id) sp JOIN referrals r ON r.person_id = sp.person_id) r
    ON r.sid = s.sid AND r.service IN ($17, $18) AND r.referral_date > s.c AND r.referral_date <= CAST(s.c + to_months($19) AS DATE)
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);

-- phase3: measure sustained_employment() for need 10.1 node 10.1/any_of/1.
-- An employment spell started since attachment and lasted to the end of the post-closure window.
-- parameters: $1 = '10.1', $2 = '10.1/any_of/1', $3 = 6, $4 = 6, $5 = 6, $6 = 6, $7 = 6, $8 = 6, $9 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($3) AS DATE)) THEN 'pending' WHEN coalesce(e.sustained, 0) > 0 THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($4) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($5) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.sustained, 0) > 0 THEN 'In work from ' || strftime(e.first_start, '%Y-%m-%d') || ' (a spell starting between attachment and the evaluation date), not ending before ' || strftime(CAST(s.c + to_months($6) AS DATE), '%Y-%m-%d') || '.'
       ELSE 'No employment spell that started after attachment lasted to the end of the post-closure window.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("from" := s.a, "to" := s.t), "sustain_until" := CAST(s.c + to_months($7) AS DATE), "spells" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) FILTER (WHERE x.start_date BETWEEN s.a AND s.t AND (x.end_date IS NULL OR x.end_date >= CAST(s.c + to_months($8) AS DATE))) AS sustained,
    min(x.start_date) FILTER (WHERE x.start_date BETWEEN s.a AND s.t AND (x.end_date IS NULL OR x.end_date >= CAST(s.c + to_months($9) AS DATE))) AS first_start,
    list_transform(list_sort(list((x.start_date, struct_pack("status" := x.status, "start" := x.start_date, "end" := x.end_date)))), lambda x: x[2]) AS items
  FROM subj s JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid JOIN employment x ON x.person_id = sp.person_id AND x.status = 'employed'
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);

-- phase3: measure eet_status() for need 10.3 node 10.3/any_of/1.
-- The latest status is in education, employment or training, with no NEET status after closure.
-- parameters: $1 = '10.3', $2 = '10.3/any_of/1', $3 = 6, $4 = 6, $5 = 6, $6 = 6, $7 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($3) AS DATE)) THEN 'pending'
       WHEN e.latest IS NULL THEN 'insufficient_data'
       WHEN e.latest = 'eet' AND e.neet_after = 0 THEN 'met' ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($4) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($5) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN e.latest IS NULL THEN 'No education, employment or training status recorded by the evaluation date.'
       ELSE 'Latest status ' || e.latest || ' on ' || strftime(e.latest_date, '%Y-%m-%d') || '; ' || e.neet_after || ' NEET status(es) after closure.' END AS reason,
  CAST(to_json(struct_pack("latest" := e.latest, "latest_date" := e.latest_date, "evaluation_date" := s.t, "neet_after_closure" := e.neet_after, "post_closure_from" := s.c, "post_closure_to" := CAST(s.c + to_months($6) AS DATE), "statuses" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    arg_max(x.status, x.status_date) FILTER (WHERE x.status_date <= s.t) AS latest,
    max(x.status_date) FILTER (WHERE x.status_date <= s.t) AS latest_date,
    count(*) FILTER (WHERE x.status = 'neet' AND x.status_date > s.c AND x.status_date <= CAST(s.c + to_months($7) AS DATE)) AS neet_after,
    list_transform(list_sort(list((x.status_date, struct_pack("date" := x.status_date, "status" := x.status)))), lambda x: x[2]) AS items
  FROM subj s JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid JOIN eet_status x ON x.person_id = sp.person_id
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);

-- phase3: combine rule nodes at depth 0: 1.3 (any_of), 2.3 (any_of), 3.1 (any_of), 3.2 (any_of), 4.1 (any_of), 4.2 (any_of), 5.2 (any_of), 6.1 (all_of), 6.2 (all_of), 6.3 (all_of), 6.4 (all_of), 6.6 (all_of), 8.1 (all_of), 8.2 (all_of), 8.3 (all_of), 10.1 (any_of), 10.3 (any_of).
-- all_of: not_met if any part is not_met, met if all are met, else pending if any is pending, else insufficient_data. any_of: met if any route is met, not_met if all are not_met, else pending if any is pending, else insufficient_data.
-- parameters: $1 = '1.3', $2 = '1.3/any_of/1', $3 = 1, $4 = false, $5 = 1, $6 = '1.3/any_of/2', $7 = 1, $8 = false, $9 = 2, $10 = '1.3/any_of/3', $11 = 1, $12 = false, $13 = 3, $14 = '2.3', $15 = '2.3/any_of/1', $16 = 2, $17 = false, $18 = 1, $19 = '2.3/any_of/2', $20 = 2, $21 = false, $22 = 2, $23 = '3.1', $24 = '3.1/any_of/1', $25 = 3, $26 = false, $27 = 1, $28 = '3.1/any_of/2', $29 = 3, $30 = false, $31 = 2, $32 = '3.2', $33 = '3.2/any_of/1', $34 = 4, $35 = false, $36 = 1, $37 = '3.2/any_of/2', $38 = 4, $39 = false, $40 = 2, $41 = '4.1', $42 = '4.1/any_of/1', $43 = 5, $44 = false, $45 = 1, $46 = '4.1/any_of/2', $47 = 5, $48 = false, $49 = 2, $50 = '4.2', $51 = '4.2/any_of/1', $52 = 6, $53 = false, $54 = 1, $55 = '4.2/any_of/2', $56 = 6, $57 = false, $58 = 2, $59 = '5.2', $60 = '5.2/any_of/1', $61 = 7, $62 = false, $63 = 1, $64 = '5.2/any_of/2', $65 = 7, $66 = false, $67 = 2, $68 = '6.1', $69 = '6.1/all_of/1', $70 = 8, $71 = true, $72 = 1, $73 = '6.1/all_of/2', $74 = 8, $75 = true, $76 = 2, $77 = '6.2', $78 = '6.2/all_of/1', $79 = 9, $80 = true, $81 = 1, $82 = '6.2/all_of/2', $83 = 9, $84 = true, $85 = 2, $86 = '6.2/all_of/3', $87 = 9, $88 = true, $89 = 3, $90 = '6.3', $91 = '6.3/all_of/1', $92 = 10, $93 = true, $94 = 1, $95 = '6.3/all_of/2', $96 = 10, $97 = true, $98 = 2, $99 = '6.4', $100 = '6.4/all_of/1', $101 = 11, $102 = true, $103 = 1, $104 = '6.4/all_of/2', $105 = 11, $106 = true, $107 = 2, $108 = '6.6', $109 = '6.6/all_of/1', $110 = 12, $111 = true, $112 = 1, $113 = '6.6/all_of/2', $114 = 12, $115 = true, $116 = 2, $117 = '8.1', $118 = '8.1/all_of/1', $119 = 13, $120 = true, $121 = 1, $122 = '8.1/all_of/2', $123 = 13, $124 = true, $125 = 2, $126 = '8.1/all_of/3', $127 = 13, $128 = true, $129 = 3, $130 = '8.2', $131 = '8.2/all_of/1', $132 = 14, $133 = true, $134 = 1, $135 = '8.2/all_of/2', $136 = 14, $137 = true, $138 = 2, $139 = '8.2/all_of/3', $140 = 14, $141 = true, $142 = 3, $143 = '8.3', $144 = '8.3/all_of/1', $145 = 15, $146 = true, $147 = 1, $148 = '8.3/all_of/2', $149 = 15, $150 = true, $151 = 2, $152 = '8.3/all_of/3', $153 = 15, $154 = true, $155 = 3, $156 = '10.1', $157 = '10.1/any_of/1', $158 = 16, $159 = false, $160 = 1, $161 = '10.1/any_of/2', $162 = 16, $163 = false, $164 = 2, $165 = '10.3', $166 = '10.3/any_of/1', $167 = 17, $168 = false, $169 = 1, $170 = '10.3/any_of/2', $171 = 17, $172 = false, $173 = 2, $174 = 4
INSERT INTO ev_results
SELECT sid, [$1, $14, $23, $32, $41, $50, $59, $68, $77, $90, $99, $108, $117, $130, $143, $156, $165][parent] AS node_id, ['met', 'not_met', 'pending', 'insufficient_data'][code + 1] AS status,
  CASE WHEN code = CASE WHEN is_all THEN 0 ELSE 1 END THEN concat_ws(' ', reason_1, reason_2, reason_3) ELSE first_reason END AS reason,
  CAST(NULL AS VARCHAR) AS detail
FROM (
  SELECT r.sid, m.parent, m.is_all,
    CASE WHEN m.is_all THEN
           CASE WHEN bool_or(r.status = 'not_met') THEN 1 WHEN bool_and(r.status = 'met') THEN 0 WHEN bool_or(r.status = 'pending') THEN 2 ELSE 3 END
         ELSE
           CASE WHEN bool_or(r.status = 'met') THEN 0 WHEN bool_and(r.status = 'not_met') THEN 1 WHEN bool_or(r.status = 'pending') THEN 2 ELSE 3 END END AS code,
    arg_min(r.reason, CASE r.status WHEN CASE WHEN m.is_all THEN 'not_met' ELSE 'met' END THEN 0 WHEN 'pending' THEN 1 WHEN 'insufficient_data' THEN 2 ELSE 3 END * $174 + m.ord) AS first_reason,
    any_value(r.reason) FILTER (WHERE m.ord = 1) AS reason_1,
    any_value(r.reason) FILTER (WHERE m.ord = 2) AS reason_2,
    any_value(r.reason) FILTER (WHERE m.ord = 3) AS reason_3
  FROM ev_results r JOIN (VALUES ($2, $3, $4, $5), ($6, $7, $8, $9), ($10, $11, $12, $13), ($15, $16, $17, $18), ($19, $20, $21, $22), ($24, $25, $26, $27), ($28, $29, $30, $31), ($33, $34, $35, $36), ($37, $38, $39, $40), ($42, $43, $44, $45), ($46, $47, $48, $49), ($51, $52, $53, $54), ($55, $56, $57, $58), ($60, $61, $62, $63), ($64, $65, $66, $67), ($69, $70, $71, $72), ($73, $74, $75, $76), ($78, $79, $80, $81), ($82, $83, $84, $85), ($86, $87, $88, $89), ($91, $92, $93, $94), ($95, $96, $97, $98), ($100, $101, $102, $103), ($104, $105, $106, $107), ($109, $110, $111, $112), ($113, $114, $115, $116), ($118, $119, $120, $121), ($122, $123, $124, $125), ($126, $127, $128, $129), ($131, $132, $133, $134), ($135, $136, $137, $138), ($139, $140, $141, $142), ($144, $145, $146, $147), ($148, $149, $150, $151), ($152, $153, $154, $155), ($157, $158, $159, $160), ($161, $162, $163, $164), ($166, $167, $168, $169), ($170, $171, $172, $173)) m(child_id, parent, is_all, ord) ON r.node_id = m.child_id
  GROUP BY r.sid, m.parent, m.is_all);

-- phase3: Layout: each node of each need in the rule's order (ord), and the JSON text around its part of the need's detail.
-- parameters: $1 = '1.1', $2 = 0, $3 = true, $4 = true, $5 = '', $6 = '', $7 = '', $8 = false, $9 = true, $10 = '1.2', $11 = 0, $12 = true, $13 = true, $14 = '', $15 = '', $16 = '', $17 = false, $18 = true, $19 = '1.3', $20 = 0, $21 = false, $22 = true, $23 = '', $24 = '{"combine":"any_of","parts":[', $25 = '', $26 = false, $27 = false, $28 = '1.3/any_of/1', $29 = 1, $30 = true, $31 = false, $32 = '', $33 = '', $34 = '}', $35 = false, $36 = false, $37 = '1.3/any_of/2', $38 = 2, $39 = true, $40 = false, $41 = ',', $42 = '', $43 = '}', $44 = true, $45 = false, $46 = '1.3/any_of/3', $47 = 3, $48 = true, $49 = false, $50 = ',', $51 = '', $52 = '}]}', $53 = false, $54 = false, $55 = '1.4', $56 = 0, $57 = true, $58 = true, $59 = '', $60 = '', $61 = '', $62 = false, $63 = true, $64 = '2.1', $65 = 0, $66 = true, $67 = true, $68 = '', $69 = '', $70 = '', $71 = false, $72 = true, $73 = '2.2', $74 = 0, $75 = true, $76 = true, $77 = '', $78 = '', $79 = '', $80 = false, $81 = true, $82 = '2.3', $83 = 0, $84 = false, $85 = true, $86 = '', $87 = '{"combine":"any_of","parts":[', $88 = '', $89 = false, $90 = false, $91 = '2.3/any_of/1', $92 = 1, $93 = true, $94 = false, $95 = '', $96 = '', $97 = '}', $98 = true, $99 = false, $100 = '2.3/any_of/2', $101 = 2, $102 = true, $103 = false, $104 = ',', $105 = '', $106 = '}]}', $107 = false, $108 = false, $109 = '3.1', $110 = 0, $111 = false, $112 = true, $113 = '', $114 = '{"combine":"any_of","parts":[', $115 = '', $116 = false, $117 = false, $118 = '3.1/any_of/1', $119 = 1, $120 = true, $121 = false, $122 = '', $123 = '', $124 = '}', $125 = true, $126 = false, $127 = '3.1/any_of/2', $128 = 2, $129 = true, $130 = false, $131 = ',', $132 = '', $133 = '}]}', $134 = false, $135 = false, $136 = '3.2', $137 = 0, $138 = false, $139 = true, $140 = '', $141 = '{"combine":"any_of","parts":[', $142 = '', $143 = false, $144 = false, $145 = '3.2/any_of/1', $146 = 1, $147 = true, $148 = false, $149 = '', $150 = '', $151 = '}', $152 = true, $153 = false, $154 = '3.2/any_of/2', $155 = 2, $156 = true, $157 = false, $158 = ',', $159 = '', $160 = '}]}', $161 = false, $162 = false, $163 = '3.3', $164 = 0, $165 = true, $166 = true, $167 = '', $168 = '', $169 = '', $170 = false, $171 = true, $172 = '4.1', $173 = 0, $174 = false, $175 = true, $176 = '', $177 = '{"combine":"any_of","parts":[', $178 = '', $179 = false, $180 = false, $181 = '4.1/any_of/1', $182 = 1, $183 = true, $184 = false, $185 = '', $186 = '', $187 = '}', $188 = true, $189 = false, $190 = '4.1/any_of/2', $191 = 2, $192 = true, $193 = false, $194 = ',', $195 = '', $196 = '}]}', $197 = false, $198 = false, $199 = '4.2', $200 = 0, $201 = false, $202 = true, $203 = '', $204 = '{"combine":"any_of","parts":[', $205 = '', $206 = false, $207 = false, $208 = '4.2/any_of/1', $209 = 1, $210 = true, $211 = false, $212 = '', $213 = '', $214 = '}', $215 = true, $216 = false, $217 = '4.2/any_of/2', $218 = 2, $219 = true, $220 = false, $221 = ',', $222 = '', $223 = '}]}', $224 = false, $225 = false, $226 = '5.1', $227 = 0, $228 = true, $229 = true, $230 = '', $231 = '', $232 = '', $233 = false, $234 = true, $235 = '5.2', $236 = 0, $237 = false, $238 = true, $239 = '', $240 = '{"combine":"any_of","parts":[', $241 = '', $242 = false, $243 = false, $244 = '5.2/any_of/1', $245 = 1, $246 = true, $247 = false, $248 = '', $249 = '', $250 = '}', $251 = false, $252 = false, $253 = '5.2/any_of/2', $254 = 2, $255 = true, $256 = false, $257 = ',', $258 = '', $259 = '}]}', $260 = true, $261 = false, $262 = '5.3', $263 = 0, $264 = true, $265 = true, $266 = '', $267 = '', $268 = '', $269 = false, $270 = true, $271 = '5.4', $272 = 0, $273 = true, $274 = true, $275 = '', $276 = '', $277 = '', $278 = false, $279 = true, $280 = '6.1', $281 = 0, $282 = false, $283 = true, $284 = '', $285 = '{"combine":"all_of","parts":[', $286 = '', $287 = false, $288 = false, $289 = '6.1/all_of/1', $290 = 1, $291 = true, $292 = false, $293 = '', $294 = '', $295 = '}', $296 = false, $297 = false, $298 = '6.1/all_of/2', $299 = 2, $300 = true, $301 = false, $302 = ',', $303 = '', $304 = '}]}', $305 = false, $306 = false, $307 = '6.2', $308 = 0, $309 = false, $310 = true, $311 = '', $312 = '{"combine":"all_of","parts":[', $313 = '', $314 = false, $315 = false, $316 = '6.2/all_of/1', $317 = 1, $318 = true, $319 = false, $320 = '', $321 = '', $322 = '}', $323 = false, $324 = false, $325 = '6.2/all_of/2', $326 = 2, $327 = true, $328 = false, $329 = ',', $330 = '', $331 = '}', $332 = false, $333 = false, $334 = '6.2/all_of/3', $335 = 3, $336 = true, $337 = false, $338 = ',', $339 = '', $340 = '}]}', $341 = false, $342 = false, $343 = '6.3', $344 = 0, $345 = false, $346 = true, $347 = '', $348 = '{"combine":"all_of","parts":[', $349 = '', $350 = false, $351 = false, $352 = '6.3/all_of/1', $353 = 1, $354 = true, $355 = false, $356 = '', $357 = '', $358 = '}', $359 = false, $360 = false, $361 = '6.3/all_of/2', $362 = 2, $363 = true, $364 = false, $365 = ',', $366 = '', $367 = '}]}', $368 = false, $369 = false, $370 = '6.4', $371 = 0, $372 = false, $373 = true, $374 = '', $375 = '{"combine":"all_of","parts":[', $376 = '', $377 = false, $378 = false, $379 = '6.4/all_of/1', $380 = 1, $381 = true, $382 = false, $383 = '', $384 = '', $385 = '}', $386 = false, $387 = false, $388 = '6.4/all_of/2', $389 = 2, $390 = true, $391 = false, $392 = ',', $393 = '', $394 = '}]}', $395 = false, $396 = false, $397 = '6.5', $398 = 0, $399 = true, $400 = true, $401 = '', $402 = '', $403 = '', $404 = false, $405 = true, $406 = '6.6', $407 = 0, $408 = false, $409 = true, $410 = '', $411 = '{"combine":"all_of","parts":[', $412 = '', $413 = false, $414 = false, $415 = '6.6/all_of/1', $416 = 1, $417 = true, $418 = false, $419 = '', $420 = '', $421 = '}', $422 = false, $423 = false, $424 = '6.6/all_of/2', $425 = 2, $426 = true, $427 = false, $428 = ',', $429 = '', $430 = '}]}', $431 = false, $432 = false, $433 = '7.1', $434 = 0, $435 = true, $436 = true, $437 = '', $438 = '', $439 = '', $440 = false, $441 = true, $442 = '7.2', $443 = 0, $444 = true, $445 = true, $446 = '', $447 = '', $448 = '', $449 = false, $450 = true, $451 = '7.3', $452 = 0, $453 = true, $454 = true, $455 = '', $456 = '', $457 = '', $458 = false, $459 = true, $460 = '8.1', $461 = 0, $462 = false, $463 = true, $464 = '', $465 = '{"combine":"all_of","parts":[', $466 = '', $467 = false, $468 = false, $469 = '8.1/all_of/1', $470 = 1, $471 = true, $472 = false, $473 = '', $474 = '', $475 = '}', $476 = false, $477 = false, $478 = '8.1/all_of/2', $479 = 2, $480 = true, $481 = false, $482 = ',', $483 = '', $484 = '}', $485 = false, $486 = false, $487 = '8.1/all_of/3', $488 = 3, $489 = true, $490 = false, $491 = ',', $492 = '', $493 = '}]}', $494 = false, $495 = false, $496 = '8.2', $497 = 0, $498 = false, $499 = true, $500 = '', $501 = '{"combine":"all_of","parts":[', $502 = '', $503 = false, $504 = false, $505 = '8.2/all_of/1', $506 = 1, $507 = true, $508 = false, $509 = '', $510 = '', $511 = '}', $512 = false, $513 = false, $514 = '8.2/all_of/2', $515 = 2, $516 = true, $517 = false, $518 = ',', $519 = '', $520 = '}', $521 = false, $522 = false, $523 = '8.2/all_of/3', $524 = 3, $525 = true, $526 = false, $527 = ',', $528 = '', $529 = '}]}', $530 = false, $531 = false, $532 = '8.3', $533 = 0, $534 = false, $535 = true, $536 = '', $537 = '{"combine":"all_of","parts":[', $538 = '', $539 = false, $540 = false, $541 = '8.3/all_of/1', $542 = 1, $543 = true, $544 = false, $545 = '', $546 = '', $547 = '}', $548 = false, $549 = false, $550 = '8.3/all_of/2', $551 = 2, $552 = true, $553 = false, $554 = ',', $555 = '', $556 = '}', $557 = false, $558 = false, $559 = '8.3/all_of/3', $560 = 3, $561 = true, $562 = false, $563 = ',', $564 = '', $565 = '}]}', $566 = false, $567 = false, $568 = '9.1', $569 = 0, $570 = true, $571 = true, $572 = '', $573 = '', $574 = '', $575 = false, $576 = true, $577 = '9.2', $578 = 0, $579 = true, $580 = true, $581 = '', $582 = '', $583 = '', $584 = false, $585 = true, $586 = '9.3', $587 = 0, $588 = true, $589 = true, $590 = '', $591 = '', $592 = '', $593 = false, $594 = true, $595 = '10.1', $596 = 0, $597 = false, $598 = true, $599 = '', $600 = '{"combine":"any_of","parts":[', $601 = '', $602 = false, $603 = false, $604 = '10.1/any_of/1', $605 = 1, $606 = true, $607 = false, $608 = '', $609 = '', $610 = '}', $611 = false, $612 = false, $613 = '10.1/any_of/2', $614 = 2, $615 = true, $616 = false, $617 = ',', $618 = '', $619 = '}]}', $620 = false, $621 = false, $622 = '10.2', $623 = 0, $624 = true, $625 = true, $626 = '', $627 = '', $628 = '', $629 = false, $630 = true, $631 = '10.3', $632 = 0, $633 = false, $634 = true, $635 = '', $636 = '{"combine":"any_of","parts":[', $637 = '', $638 = false, $639 = false, $640 = '10.3/any_of/1', $641 = 1, $642 = true, $643 = false, $644 = '', $645 = '', $646 = '}', $647 = false, $648 = false, $649 = '10.3/any_of/2', $650 = 2, $651 = true, $652 = false, $653 = ',', $654 = '', $655 = '}]}', $656 = false, $657 = false
CREATE OR REPLACE TEMP TABLE ev_layout AS SELECT * FROM (VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9), ($10, $11, $12, $13, $14, $15, $16, $17, $18), ($19, $20, $21, $22, $23, $24, $25, $26, $27), ($28, $29, $30, $31, $32, $33, $34, $35, $36), ($37, $38, $39, $40, $41, $42, $43, $44, $45), ($46, $47, $48, $49, $50, $51, $52, $53, $54), ($55, $56, $57, $58, $59, $60, $61, $62, $63), ($64, $65, $66, $67, $68, $69, $70, $71, $72), ($73, $74, $75, $76, $77, $78, $79, $80, $81), ($82, $83, $84, $85, $86, $87, $88, $89, $90), ($91, $92, $93, $94, $95, $96, $97, $98, $99), ($100, $101, $102, $103, $104, $105, $106, $107, $108), ($109, $110, $111, $112, $113, $114, $115, $116, $117), ($118, $119, $120, $121, $122, $123, $124, $125, $126), ($127, $128, $129, $130, $131, $132, $133, $134, $135), ($136, $137, $138, $139, $140, $141, $142, $143, $144), ($145, $146, $147, $148, $149, $150, $151, $152, $153), ($154, $155, $156, $157, $158, $159, $160, $161, $162), ($163, $164, $165, $166, $167, $168, $169, $170, $171), ($172, $173, $174, $175, $176, $177, $178, $179, $180), ($181, $182, $183, $184, $185, $186, $187, $188, $189), ($190, $191, $192, $193, $194, $195, $196, $197, $198), ($199, $200, $201, $202, $203, $204, $205, $206, $207), ($208, $209, $210, $211, $212, $213, $214, $215, $216), ($217, $218, $219, $220, $221, $222, $223, $224, $225), ($226, $227, $228, $229, $230, $231, $232, $233, $234), ($235, $236, $237, $238, $239, $240, $241, $242, $243), ($244, $245, $246, $247, $248, $249, $250, $251, $252), ($253, $254, $255, $256, $257, $258, $259, $260, $261), ($262, $263, $264, $265, $266, $267, $268, $269, $270), ($271, $272, $273, $274, $275, $276, $277, $278, $279), ($280, $281, $282, $283, $284, $285, $286, $287, $288), ($289, $290, $291, $292, $293, $294, $295, $296, $297), ($298, $299, $300, $301, $302, $303, $304, $305, $306), ($307, $308, $309, $310, $311, $312, $313, $314, $315), ($316, $317, $318, $319, $320, $321, $322, $323, $324), ($325, $326, $327, $328, $329, $330, $331, $332, $333), ($334, $335, $336, $337, $338, $339, $340, $341, $342), ($343, $344, $345, $346, $347, $348, $349, $350, $351), ($352, $353, $354, $355, $356, $357, $358, $359, $360), ($361, $362, $363, $364, $365, $366, $367, $368, $369), ($370, $371, $372, $373, $374, $375, $376, $377, $378), ($379, $380, $381, $382, $383, $384, $385, $386, $387), ($388, $389, $390, $391, $392, $393, $394, $395, $396), ($397, $398, $399, $400, $401, $402, $403, $404, $405), ($406, $407, $408, $409, $410, $411, $412, $413, $414), ($415, $416, $417, $418, $419, $420, $421, $422, $423), ($424, $425, $426, $427, $428, $429, $430, $431, $432), ($433, $434, $435, $436, $437, $438, $439, $440, $441), ($442, $443, $444, $445, $446, $447, $448, $449, $450), ($451, $452, $453, $454, $455, $456, $457, $458, $459), ($460, $461, $462, $463, $464, $465, $466, $467, $468), ($469, $470, $471, $472, $473, $474, $475, $476, $477), ($478, $479, $480, $481, $482, $483, $484, $485, $486), ($487, $488, $489, $490, $491, $492, $493, $494, $495), ($496, $497, $498, $499, $500, $501, $502, $503, $504), ($505, $506, $507, $508, $509, $510, $511, $512, $513), ($514, $515, $516, $517, $518, $519, $520, $521, $522), ($523, $524, $525, $526, $527, $528, $529, $530, $531), ($532, $533, $534, $535, $536, $537, $538, $539, $540), ($541, $542, $543, $544, $545, $546, $547, $548, $549), ($550, $551, $552, $553, $554, $555, $556, $557, $558), ($559, $560, $561, $562, $563, $564, $565, $566, $567), ($568, $569, $570, $571, $572, $573, $574, $575, $576), ($577, $578, $579, $580, $581, $582, $583, $584, $585), ($586, $587, $588, $589, $590, $591, $592, $593, $594), ($595, $596, $597, $598, $599, $600, $601, $602, $603), ($604, $605, $606, $607, $608, $609, $610, $611, $612), ($613, $614, $615, $616, $617, $618, $619, $620, $621), ($622, $623, $624, $625, $626, $627, $628, $629, $630), ($631, $632, $633, $634, $635, $636, $637, $638, $639), ($640, $641, $642, $643, $644, $645, $646, $647, $648), ($649, $650, $651, $652, $653, $654, $655, $656, $657)) m(node_id, ord, leaf, root, sep, open, close, instrument, single);

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
