-- phase3: measure attendance_threshold(min_percent=$attendance_threshold) for need 1.1 node 1.1: measure 1 of ev_measure_nodes.
-- Attendance over the outcome terms (the most recent complete terms since attachment) is at least a threshold.
-- parameters: $1 = 2, $2 = 90, $3 = true, $4 = 'sessions'
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 1 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN o.terms < $1 THEN 'pending'
       WHEN o.rows < o.terms THEN 'insufficient_data'
       WHEN o.pct IS NULL THEN 'insufficient_data'
       WHEN round(o.pct, 9) >= CAST($2 AS DECIMAL(38,0)) THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN o.terms < $1 THEN 'Only ' || o.terms || ' of the ' || $1 || ' outcome terms have finished since attachment.'
       WHEN o.rows < o.terms THEN 'No attendance recorded for ' || (o.terms - o.rows) || ' of the outcome terms.'
       WHEN o.pct IS NULL THEN 'The attendance rows of the outcome terms leave no possible sessions (after any authorised absence), so no percentage can be worked out.'
       WHEN round(o.pct, 9) >= CAST($2 AS DECIMAL(38,0)) THEN 'Attendance over the outcome terms was ' || (floor(round(o.pct, 9) * 10) / 10) || '%, at or above the threshold of ' || CAST($2 AS DECIMAL(38,0)) || '%.'
       ELSE 'Attendance over the outcome terms was ' || (floor(round(o.pct, 9) * 10) / 10) || '%, below the threshold of ' || CAST($2 AS DECIMAL(38,0)) || '%.' END AS reason,
  CAST(to_json(struct_pack("outcome_terms" := coalesce(o.items, []), "attendance_percent" := round(o.pct, 2), "threshold_percent" := CAST($2 AS DECIMAL(38,0)))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(ft.term_index) AS terms, count(att.person_id) AS rows,
    CASE WHEN $4 = 'mean_of_terms'
         THEN avg(100.0 * att.attended_sessions / nullif(att.possible_sessions - CASE WHEN $3 THEN 0 ELSE att.authorised_absence END, 0))
         ELSE 100.0 * sum(att.attended_sessions) / nullif(sum(att.possible_sessions) - CASE WHEN $3 THEN 0 ELSE sum(att.authorised_absence) END, 0)
    END AS pct,
    list_transform(list_sort(list((ft.term_index, struct_pack("term" := ft.academic_year || ' ' || ft.term, "start" := ft.start_date, "end" := ft.end_date, "possible" := att.possible_sessions, "attended" := att.attended_sessions, "authorised_absence" := att.authorised_absence, "unauthorised_absence" := att.unauthorised_absence))) FILTER (WHERE ft.term_index IS NOT NULL)), lambda x: x[2]) AS items
  FROM subj s
    LEFT JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'outcome'
    LEFT JOIN attendance att ON att.person_id = s.person_id AND att.academic_year = ft.academic_year AND att.term = ft.term
  GROUP BY s.sid) o ON o.sid = s.sid
);
