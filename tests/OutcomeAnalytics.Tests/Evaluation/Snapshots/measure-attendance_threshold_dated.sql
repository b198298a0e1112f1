-- one: measure attendance_threshold_dated(min_percent=1, later_min_percent=1, change_year=1, applies_by=last_term, above=false) for need X1 node X1: measure 1 of ev_measure_nodes.
-- Attendance over the outcome terms reaches a threshold that changed from an academic year on (Sunderland's 85%, then 90% from September 2015).
-- parameters: $1 = 2, $2 = 1, $3 = 1, $4 = 0001-09-01, $5 = 'last_term', $6 = false, $7 = false, $8 = 'sessions'
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 1 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN o.terms < $1 THEN 'pending'
       WHEN o.rows < o.terms THEN 'insufficient_data'
       WHEN o.pct IS NULL THEN 'insufficient_data'
       WHEN CASE WHEN $6 THEN round(o.pct, 9) > CASE WHEN (CASE WHEN $5 = 'first_term' THEN w.first_start ELSE w.last_end END) >= $4 THEN CAST($3 AS DECIMAL(38,0)) ELSE CAST($2 AS DECIMAL(38,0)) END ELSE round(o.pct, 9) >= CASE WHEN (CASE WHEN $5 = 'first_term' THEN w.first_start ELSE w.last_end END) >= $4 THEN CAST($3 AS DECIMAL(38,0)) ELSE CAST($2 AS DECIMAL(38,0)) END END THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN o.terms < $1 THEN 'Only ' || o.terms || ' of the ' || $1 || ' outcome terms have finished since attachment.'
       WHEN o.rows < o.terms THEN 'No attendance recorded for ' || (o.terms - o.rows) || ' of the outcome terms.'
       WHEN o.pct IS NULL THEN 'The attendance rows of the outcome terms leave no possible sessions (after any authorised absence), so no percentage can be worked out.'
       WHEN CASE WHEN $6 THEN round(o.pct, 9) > CASE WHEN (CASE WHEN $5 = 'first_term' THEN w.first_start ELSE w.last_end END) >= $4 THEN CAST($3 AS DECIMAL(38,0)) ELSE CAST($2 AS DECIMAL(38,0)) END ELSE round(o.pct, 9) >= CASE WHEN (CASE WHEN $5 = 'first_term' THEN w.first_start ELSE w.last_end END) >= $4 THEN CAST($3 AS DECIMAL(38,0)) ELSE CAST($2 AS DECIMAL(38,0)) END END THEN 'Attendance over the outcome terms was ' || (floor(round(o.pct, 9) * 10) / 10) || '%, reaching the threshold of ' || CASE WHEN (CASE WHEN $5 = 'first_term' THEN w.first_start ELSE w.last_end END) >= $4 THEN CAST($3 AS DECIMAL(38,0)) ELSE CAST($2 AS DECIMAL(38,0)) END || '% (' || CASE WHEN $6 THEN 'above' ELSE 'at or above' END || ') in force for terms ' || CASE WHEN $5 = 'first_term' THEN 'starting ' || strftime(w.first_start, '%Y-%m-%d') ELSE 'ending ' || strftime(w.last_end, '%Y-%m-%d') END || '.'
       ELSE 'Attendance over the outcome terms was ' || (floor(round(o.pct, 9) * 10) / 10) || '%, not reaching the threshold of ' || CASE WHEN (CASE WHEN $5 = 'first_term' THEN w.first_start ELSE w.last_end END) >= $4 THEN CAST($3 AS DECIMAL(38,0)) ELSE CAST($2 AS DECIMAL(38,0)) END || '% (' || CASE WHEN $6 THEN 'above' ELSE 'at or above' END || ') in force for terms ' || CASE WHEN $5 = 'first_term' THEN 'starting ' || strftime(w.first_start, '%Y-%m-%d') ELSE 'ending ' || strftime(w.last_end, '%Y-%m-%d') END || '.' END AS reason,
  CAST(to_json(struct_pack("outcome_terms" := coalesce(o.items, []), "attendance_percent" := round(o.pct, 2), "threshold_percent" := CASE WHEN (CASE WHEN $5 = 'first_term' THEN w.first_start ELSE w.last_end END) >= $4 THEN CAST($3 AS DECIMAL(38,0)) ELSE CAST($2 AS DECIMAL(38,0)) END, "threshold_before" := CAST($2 AS DECIMAL(38,0)), "threshold_from_change" := CAST($3 AS DECIMAL(38,0)), "change_date" := $4, "applies_by" := $5, "strictly_above" := $6)) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(ft.term_index) AS terms, count(att.person_id) AS rows,
    CASE WHEN $8 = 'mean_of_terms'
         THEN avg(100.0 * att.attended_sessions / nullif(att.possible_sessions - CASE WHEN $7 THEN 0 ELSE att.authorised_absence END, 0))
         ELSE 100.0 * sum(att.attended_sessions) / nullif(sum(att.possible_sessions) - CASE WHEN $7 THEN 0 ELSE sum(att.authorised_absence) END, 0)
    END AS pct,
    list_transform(list_sort(list((ft.term_index, struct_pack("term" := ft.academic_year || ' ' || ft.term, "start" := ft.start_date, "end" := ft.end_date, "possible" := att.possible_sessions, "attended" := att.attended_sessions, "authorised_absence" := att.authorised_absence, "unauthorised_absence" := att.unauthorised_absence))) FILTER (WHERE ft.term_index IS NOT NULL)), lambda x: x[2]) AS items
  FROM subj s
    LEFT JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'outcome'
    LEFT JOIN attendance att ON att.person_id = s.person_id AND att.academic_year = ft.academic_year AND att.term = ft.term
  GROUP BY s.sid) o ON o.sid = s.sid
LEFT JOIN (
  SELECT s.sid,
    min(ft.start_date) AS first_start, max(ft.end_date) AS last_end
  FROM subj s
    JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'outcome'
  GROUP BY s.sid) w ON w.sid = s.sid
);
