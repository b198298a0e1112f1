-- phase3: measure instrument_improvement(min_change=$min_change) for need 1.3 node 1.3/any_of/2 (instruments=SDQ), need 2.3 node 2.3/any_of/1 (instruments=ASQ), need 3.1 node 3.1/any_of/1 (instruments=SDQ,RCADS,MORS,SWEMWBS,GAD7), need 3.2 node 3.2/any_of/1 (instruments=WEMWBS,SWEMWBS,GAD7,PHQ9,K10,DASS21), need 4.1 node 4.1/any_of/1 (instruments=AUDIT,AUDITC), need 4.2 node 4.2/any_of/1 (instruments=AUDIT,AUDITC,CRAFFT,DASTA,SDQ), need 5.2 node 5.2/any_of/2 (instruments=FRQ): measure 4 of ev_measure_nodes.
-- A validated questionnaire score improved from baseline to follow-up.
-- parameters: $1 = 30, $2 = 28, $3 = 0
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id, m.arg_instruments FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 4 AND m.need_code = s.need_code WHERE NOT s.nobody)
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
  FROM sit WHERE d <= a + $1 GROUP BY sid, who, instrument, informant),
pairs AS (
  SELECT b.sid, b.who, b.instrument, b.informant, b.d AS baseline_date, b.score AS baseline, b.better, b.reliable_change,
         arg_max(f.score, (f.d, f.assessment_id)) AS followup, max(f.d) AS followup_date
  FROM base b LEFT JOIN sit f ON f.sid = b.sid AND f.who = b.who AND f.instrument = b.instrument AND f.informant = b.informant
       AND f.d >= b.d + $2 AND f.d <= f.t
  GROUP BY ALL),
judged AS (
  SELECT *, CASE WHEN better = 'lower' THEN baseline - followup ELSE followup - baseline END AS gain FROM pairs),
per_subject AS (
  SELECT sid,
    bool_or(gain > 0 AND gain >= CAST($3 AS DECIMAL(38,0))) AS improved, bool_or(followup IS NOT NULL) AS any_pair,
    -- reliable: some improved series reached its threshold (true); else unknown (NULL) when an improved
    -- series has no threshold for its informant; else false.
    CASE WHEN bool_or(gain > 0 AND gain >= CAST($3 AS DECIMAL(38,0)) AND gain >= reliable_change) THEN true
         WHEN bool_or(gain > 0 AND gain >= CAST($3 AS DECIMAL(38,0)) AND reliable_change IS NULL) THEN NULL
         ELSE false END AS reliable,
    list_transform(list_sort(list((who, instrument, informant, struct_pack("person_id" := who, "instrument" := instrument, "informant" := informant, "baseline_date" := baseline_date, "baseline" := baseline, "followup_date" := followup_date, "followup" := followup, "better" := better, "change" := gain, "reliable_change" := reliable_change)))), lambda x: x[4]) AS items
  FROM judged GROUP BY sid)
SELECT s.sid, s.node_id,
  CASE WHEN p.improved THEN 'met'
       WHEN coalesce(p.any_pair, false) THEN 'not_met'
       WHEN p.sid IS NULL THEN 'insufficient_data'
       ELSE 'insufficient_data' END AS status,
  CASE WHEN p.improved THEN 'A questionnaire score improved from baseline to follow-up.'
       WHEN coalesce(p.any_pair, false) THEN CASE WHEN CAST($3 AS DECIMAL(38,0)) > 0 THEN 'Questionnaire scores did not improve by at least ' || CAST($3 AS DECIMAL(38,0)) || '.' ELSE 'Questionnaire scores did not improve.' END
       WHEN p.sid IS NULL THEN 'No baseline questionnaire on or before ' || strftime(s.a + $1, '%Y-%m-%d') || '.'
       ELSE 'No follow-up questionnaire at least ' || $2 || ' days after the baseline and on or before ' || strftime(s.t, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("instruments" := array_to_string(s.arg_instruments, ','), "baseline_until" := s.a + $1, "followup_min_gap_days" := $2, "followup_until" := s.t, "pairs" := coalesce(p.items, []), "min_change" := CAST($3 AS DECIMAL(38,0)), "reliable_improvement" := CASE WHEN p.improved THEN p.reliable ELSE false END)) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN per_subject p ON p.sid = s.sid
);
