-- one: measure continuous_employment(jsa_weeks=26, other_weeks=13, unknown_weeks=26) for need X1 node X1: measure 1 of ev_measure_nodes.
-- Someone who was on an out-of-work benefit started a job since attachment and kept it for the weeks their benefit requires (JSA 26, others 13).
-- parameters: $1 = 26, $2 = 13, $3 = 26
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 1 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
WITH jobs AS (
  SELECT s.sid, s.t, x.person_id, x.start_date, x.end_date, arg_max(coalesce(b.benefit, ''), b.start_date) AS benefit
  FROM subj s JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid
  JOIN employment x ON x.person_id = sp.person_id AND x.status = 'employed' AND x.start_date BETWEEN s.a AND s.t
  JOIN employment b ON b.person_id = x.person_id AND b.status IN ('out_of_work_benefit', 'uc_searching_for_work') AND b.start_date < x.start_date
  GROUP BY ALL),
spans AS (
  SELECT *, CAST(start_date + to_days(CAST(7 * weeks - 1 AS INTEGER)) AS DATE) AS through FROM (
    SELECT *, CASE WHEN benefit = 'jsa' THEN $1 WHEN benefit = '' THEN $3 ELSE $2 END AS weeks FROM jobs)),
e AS (
  SELECT sid, min(start_date) FILTER (WHERE through <= t AND (end_date IS NULL OR end_date >= through)) AS sustained_from,
    count(*) FILTER (WHERE through > t AND (end_date IS NULL OR end_date > t)) AS running,
    list_transform(list_sort(list((start_date, person_id, struct_pack("person_id" := person_id, "start" := start_date, "end" := end_date, "benefit_before" := nullif(benefit, ''), "weeks_required" := weeks, "through" := through)))), lambda x: x[3]) AS items
  FROM spans GROUP BY sid)
SELECT s.sid, s.node_id,
  CASE WHEN e.sustained_from IS NOT NULL THEN 'met'
       WHEN coalesce(e.running, 0) > 0 THEN 'pending'
       ELSE 'not_met' END AS status,
  CASE WHEN e.sustained_from IS NOT NULL THEN 'In continuous work from ' || strftime(e.sustained_from, '%Y-%m-%d') || ' for the weeks the benefit before it requires.'
       WHEN coalesce(e.running, 0) > 0 THEN 'A job after an out-of-work benefit is continuing but has not yet lasted the weeks required by the evaluation date.'
       ELSE 'No job started after attachment, following an out-of-work benefit, lasted the weeks required.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("from" := s.a, "to" := s.t), "jsa_weeks" := $1, "other_weeks" := $2, "unknown_weeks" := $3, "jobs" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN e e ON e.sid = s.sid
);
