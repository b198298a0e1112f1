-- one: measure attendance_banded(min_percent=1, band_percent=1, rise=1, rise_minimum=0, mode=relative) for need X1 node X1: measure 1 of ev_measure_nodes.
-- Attendance over the outcome terms reaches a threshold; a child whose baseline was below a band rises by the required amount (and reaches a minimum) instead.
-- parameters: $1 = 2, $2 = 2, $3 = 1, $4 = 1, $5 = 1, $6 = 0, $7 = 'relative', $8 = false, $9 = 'sessions', $10 = false, $11 = 'sessions'
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 1 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN o.terms < $1 THEN 'pending'
       WHEN b.terms < $2 THEN 'insufficient_data'
       WHEN b.rows < b.terms THEN 'insufficient_data'
       WHEN o.rows < o.terms THEN 'insufficient_data'
       WHEN b.pct IS NULL THEN 'insufficient_data'
       WHEN o.pct IS NULL THEN 'insufficient_data'
       WHEN round(b.pct, 9) < CAST($4 AS DECIMAL(38,0)) AND coalesce(round(CASE $7 WHEN 'points' THEN (o.pct - b.pct) / 100.0 ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 9) >= CAST($5 AS DECIMAL(38,0)), o.pct > 0) AND round(o.pct, 9) >= CAST($6 AS DECIMAL(38,0)) THEN 'met'
       WHEN round(b.pct, 9) < CAST($4 AS DECIMAL(38,0)) THEN 'not_met'
       WHEN round(o.pct, 9) >= CAST($3 AS DECIMAL(38,0)) THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN o.terms < $1 THEN 'Only ' || o.terms || ' of the ' || $1 || ' outcome terms have finished since attachment.'
       WHEN b.terms < $2 THEN 'There are not ' || $2 || ' complete terms before attachment to form a baseline.'
       WHEN b.rows < b.terms THEN 'Attendance is missing for a baseline term.'
       WHEN o.rows < o.terms THEN 'Attendance is missing for an outcome term.'
       WHEN b.pct IS NULL THEN 'The attendance rows of the baseline terms leave no possible sessions (after any authorised absence), so no percentage can be worked out.'
       WHEN o.pct IS NULL THEN 'The attendance rows of the outcome terms leave no possible sessions (after any authorised absence), so no percentage can be worked out.'
       WHEN round(b.pct, 9) < CAST($4 AS DECIMAL(38,0)) AND coalesce(round(CASE $7 WHEN 'points' THEN (o.pct - b.pct) / 100.0 ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 9) >= CAST($5 AS DECIMAL(38,0)), o.pct > 0) AND round(o.pct, 9) >= CAST($6 AS DECIMAL(38,0)) THEN 'Baseline attendance ' || (floor(round(b.pct, 9) * 10) / 10) || '% was below ' || CAST($4 AS DECIMAL(38,0)) || '%: it went to ' || (floor(round(o.pct, 9) * 10) / 10) || '% (' || $7 || ' rise ' || coalesce(CAST((floor(round(CASE $7 WHEN 'points' THEN (o.pct - b.pct) / 100.0 ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 9) * 1000) / 1000) AS VARCHAR), 'from zero') || ', needed ' || CAST($5 AS DECIMAL(38,0)) || CASE WHEN CAST($6 AS DECIMAL(38,0)) > 0 THEN '; minimum ' || CAST($6 AS DECIMAL(38,0)) || '%' ELSE '' END || ').'
       WHEN round(b.pct, 9) < CAST($4 AS DECIMAL(38,0)) THEN 'Baseline attendance ' || (floor(round(b.pct, 9) * 10) / 10) || '% was below ' || CAST($4 AS DECIMAL(38,0)) || '%: it went to ' || (floor(round(o.pct, 9) * 10) / 10) || '% (' || $7 || ' rise ' || coalesce(CAST((floor(round(CASE $7 WHEN 'points' THEN (o.pct - b.pct) / 100.0 ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 9) * 1000) / 1000) AS VARCHAR), 'from zero') || ', needed ' || CAST($5 AS DECIMAL(38,0)) || CASE WHEN CAST($6 AS DECIMAL(38,0)) > 0 THEN '; minimum ' || CAST($6 AS DECIMAL(38,0)) || '%' ELSE '' END || ').'
       WHEN round(o.pct, 9) >= CAST($3 AS DECIMAL(38,0)) THEN 'Baseline attendance ' || (floor(round(b.pct, 9) * 10) / 10) || '% was at or above ' || CAST($4 AS DECIMAL(38,0)) || '%: attendance over the outcome terms was ' || (floor(round(o.pct, 9) * 10) / 10) || '%, at or above the threshold of ' || CAST($3 AS DECIMAL(38,0)) || '%.'
       ELSE 'Baseline attendance ' || (floor(round(b.pct, 9) * 10) / 10) || '% was at or above ' || CAST($4 AS DECIMAL(38,0)) || '%: attendance over the outcome terms was ' || (floor(round(o.pct, 9) * 10) / 10) || '%, below the threshold of ' || CAST($3 AS DECIMAL(38,0)) || '%.' END AS reason,
  CAST(to_json(struct_pack("baseline_terms" := coalesce(b.items, []), "baseline_percent" := round(b.pct, 2), "outcome_terms" := coalesce(o.items, []), "outcome_percent" := round(o.pct, 2), "route" := CASE WHEN b.pct IS NULL THEN NULL WHEN round(b.pct, 9) < CAST($4 AS DECIMAL(38,0)) THEN 'rise' ELSE 'threshold' END, "band_percent" := CAST($4 AS DECIMAL(38,0)), "threshold_percent" := CAST($3 AS DECIMAL(38,0)), "mode" := $7, "rise" := round(CASE $7 WHEN 'points' THEN (o.pct - b.pct) / 100.0 ELSE CASE WHEN b.pct = 0 THEN NULL ELSE (o.pct - b.pct) / b.pct END END, 4), "rise_required" := CAST($5 AS DECIMAL(38,0)), "rise_minimum_percent" := CAST($6 AS DECIMAL(38,0)))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(ft.term_index) AS terms, count(att.person_id) AS rows,
    CASE WHEN $9 = 'mean_of_terms'
         THEN avg(100.0 * att.attended_sessions / nullif(att.possible_sessions - CASE WHEN $8 THEN 0 ELSE att.authorised_absence END, 0))
         ELSE 100.0 * sum(att.attended_sessions) / nullif(sum(att.possible_sessions) - CASE WHEN $8 THEN 0 ELSE sum(att.authorised_absence) END, 0)
    END AS pct,
    list_transform(list_sort(list((ft.term_index, struct_pack("term" := ft.academic_year || ' ' || ft.term, "start" := ft.start_date, "end" := ft.end_date, "possible" := att.possible_sessions, "attended" := att.attended_sessions, "authorised_absence" := att.authorised_absence, "unauthorised_absence" := att.unauthorised_absence))) FILTER (WHERE ft.term_index IS NOT NULL)), lambda x: x[2]) AS items
  FROM subj s
    LEFT JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'outcome'
    LEFT JOIN attendance att ON att.person_id = s.person_id AND att.academic_year = ft.academic_year AND att.term = ft.term
  GROUP BY s.sid) o ON o.sid = s.sid
LEFT JOIN (
  SELECT s.sid,
    count(ft.term_index) AS terms, count(att.person_id) AS rows,
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
