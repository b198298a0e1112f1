-- phase3: measure attendance_improvement(min_percent=$improved_attendance_minimum, improvement=$attendance_improvement, mode=$improvement_mode) for need 1.2 node 1.2: measure 2 of ev_measure_nodes.
-- Attendance improved from the baseline terms (before attachment) to the outcome terms, and reached a minimum.
-- parameters: $1 = 2, $2 = 2, $3 = 50, $4 = 0.30, $5 = 'relative', $6 = true, $7 = 'sessions', $8 = true, $9 = 'sessions'
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 2 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN o.terms < $1 THEN 'pending'
       WHEN b.terms < $2 THEN 'insufficient_data'
       WHEN b.rows < b.terms THEN 'insufficient_data'
       WHEN b.pct IS NULL THEN 'insufficient_data'
       WHEN o.rows < o.terms THEN 'insufficient_data'
       WHEN o.pct IS NULL THEN 'insufficient_data'
       WHEN round(o.pct, 9) >= CAST($3 AS DECIMAL(38,0)) AND coalesce(round(CASE $5
  WHEN 'points' THEN (o.pct - b.pct) / 100.0
  WHEN 'absence_relative' THEN CASE WHEN b.pct >= 100 THEN NULL ELSE ((100 - b.pct) - (100 - o.pct)) / (100 - b.pct) END
  ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 9) >= CAST($4 AS DECIMAL(38,2)), $5 = 'relative' AND b.pct = 0) THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN o.terms < $1 THEN 'Only ' || o.terms || ' of the ' || $1 || ' outcome terms have finished since attachment.'
       WHEN b.terms < $2 THEN 'There are not ' || $2 || ' complete terms before attachment to form a baseline.'
       WHEN b.rows < b.terms THEN 'Attendance is missing for a baseline term.'
       WHEN b.pct IS NULL THEN 'The attendance rows of the baseline terms leave no possible sessions (after any authorised absence), so no percentage can be worked out.'
       WHEN o.rows < o.terms THEN 'Attendance is missing for an outcome term.'
       WHEN o.pct IS NULL THEN 'The attendance rows of the outcome terms leave no possible sessions (after any authorised absence), so no percentage can be worked out.'
       WHEN round(o.pct, 9) >= CAST($3 AS DECIMAL(38,0)) AND coalesce(round(CASE $5
  WHEN 'points' THEN (o.pct - b.pct) / 100.0
  WHEN 'absence_relative' THEN CASE WHEN b.pct >= 100 THEN NULL ELSE ((100 - b.pct) - (100 - o.pct)) / (100 - b.pct) END
  ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 9) >= CAST($4 AS DECIMAL(38,2)), $5 = 'relative' AND b.pct = 0) THEN 'Attendance went from ' || (floor(round(b.pct, 9) * 10) / 10) || '% to ' || (floor(round(o.pct, 9) * 10) / 10) || '% (' || $5 || ' improvement '
  || coalesce(CAST((floor(round(CASE $5
  WHEN 'points' THEN (o.pct - b.pct) / 100.0
  WHEN 'absence_relative' THEN CASE WHEN b.pct >= 100 THEN NULL ELSE ((100 - b.pct) - (100 - o.pct)) / (100 - b.pct) END
  ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 9) * 1000) / 1000) AS VARCHAR), CASE WHEN b.pct = 0 THEN 'from zero' ELSE 'none: there was no baseline absence to remove' END)
  || ', needed ' || CAST($4 AS DECIMAL(38,2)) || '; minimum ' || CAST($3 AS DECIMAL(38,0)) || '%).'
       ELSE 'Attendance went from ' || (floor(round(b.pct, 9) * 10) / 10) || '% to ' || (floor(round(o.pct, 9) * 10) / 10) || '% (' || $5 || ' improvement '
  || coalesce(CAST((floor(round(CASE $5
  WHEN 'points' THEN (o.pct - b.pct) / 100.0
  WHEN 'absence_relative' THEN CASE WHEN b.pct >= 100 THEN NULL ELSE ((100 - b.pct) - (100 - o.pct)) / (100 - b.pct) END
  ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 9) * 1000) / 1000) AS VARCHAR), CASE WHEN b.pct = 0 THEN 'from zero' ELSE 'none: there was no baseline absence to remove' END)
  || ', needed ' || CAST($4 AS DECIMAL(38,2)) || '; minimum ' || CAST($3 AS DECIMAL(38,0)) || '%).' END AS reason,
  CAST(to_json(struct_pack("baseline_terms" := coalesce(b.items, []), "baseline_percent" := round(b.pct, 2), "outcome_terms" := coalesce(o.items, []), "outcome_percent" := round(o.pct, 2), "mode" := $5, "improvement" := round(CASE $5
  WHEN 'points' THEN (o.pct - b.pct) / 100.0
  WHEN 'absence_relative' THEN CASE WHEN b.pct >= 100 THEN NULL ELSE ((100 - b.pct) - (100 - o.pct)) / (100 - b.pct) END
  ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 4), "improvement_required" := CAST($4 AS DECIMAL(38,2)), "minimum_percent" := CAST($3 AS DECIMAL(38,0)))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(ft.term_index) AS terms, count(att.person_id) AS rows,
    CASE WHEN $7 = 'mean_of_terms'
         THEN avg(100.0 * att.attended_sessions / nullif(att.possible_sessions - CASE WHEN $6 THEN 0 ELSE att.authorised_absence END, 0))
         ELSE 100.0 * sum(att.attended_sessions) / nullif(sum(att.possible_sessions) - CASE WHEN $6 THEN 0 ELSE sum(att.authorised_absence) END, 0)
    END AS pct,
    list_transform(list_sort(list((ft.term_index, struct_pack("term" := ft.academic_year || ' ' || ft.term, "start" := ft.start_date, "end" := ft.end_date, "possible" := att.possible_sessions, "attended" := att.attended_sessions, "authorised_absence" := att.authorised_absence, "unauthorised_absence" := att.unauthorised_absence))) FILTER (WHERE ft.term_index IS NOT NULL)), lambda x: x[2]) AS items
  FROM subj s
    LEFT JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'outcome'
    LEFT JOIN attendance att ON att.person_id = s.person_id AND att.academic_year = ft.academic_year AND att.term = ft.term
  GROUP BY s.sid) o ON o.sid = s.sid
LEFT JOIN (
  SELECT s.sid,
    count(ft.term_index) AS terms, count(att.person_id) AS rows,
    CASE WHEN $9 = 'mean_of_terms'
         THEN avg(100.0 * att.attended_sessions / nullif(att.possible_sessions - CASE WHEN $8 THEN 0 ELSE att.authorised_absence END, 0))
         ELSE 100.0 * sum(att.attended_sessions) / nullif(sum(att.possible_sessions) - CASE WHEN $8 THEN 0 ELSE sum(att.authorised_absence) END, 0)
    END AS pct,
    list_transform(list_sort(list((ft.term_index, struct_pack("term" := ft.academic_year || ' ' || ft.term, "start" := ft.start_date, "end" := ft.end_date, "possible" := att.possible_sessions, "attended" := att.attended_sessions, "authorised_absence" := att.authorised_absence, "unauthorised_absence" := att.unauthorised_absence))) FILTER (WHERE ft.term_index IS NOT NULL)), lambda x: x[2]) AS items
  FROM subj s
    LEFT JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'baseline'
    LEFT JOIN attendance att ON att.person_id = s.person_id AND att.academic_year = ft.academic_year AND att.term = ft.term
  GROUP BY s.sid) b ON b.sid = s.sid
);
