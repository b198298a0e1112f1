-- phase3: measure exclusion_reduction(min_reduction=$min_reduction) for need 1.3 node 1.3/any_of/1: measure 3 of ev_measure_nodes.
-- Fewer days lost to exclusions in the outcome terms than in the baseline terms, with no permanent exclusion.
-- parameters: $1 = 2, $2 = 2, $3 = 0
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 3 AND m.need_code = s.need_code WHERE NOT s.nobody)
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
  CASE WHEN coalesce(o.terms, 0) < $1 THEN 'pending'
       WHEN coalesce(b.terms, 0) = 0 THEN 'insufficient_data'
       WHEN b.terms < $2 THEN 'insufficient_data'
       WHEN o.permanent > 0 THEN 'not_met'
       WHEN b.days = 0 THEN 'not_met'
       WHEN b.days - o.days > CAST($3 AS DECIMAL(38,0)) THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN coalesce(o.terms, 0) < $1 THEN 'The outcome terms have not all finished.'
       WHEN coalesce(b.terms, 0) = 0 THEN 'There are no complete baseline terms before attachment.'
       WHEN b.terms < $2 THEN 'Only ' || b.terms || ' of the ' || $2 || ' baseline terms are complete before attachment.'
       WHEN o.permanent > 0 THEN 'A permanent exclusion started in the outcome terms.'
       WHEN b.days = 0 THEN 'No days were lost to exclusions in the baseline terms: nothing to reduce.'
       WHEN b.days - o.days > CAST($3 AS DECIMAL(38,0)) THEN 'Days lost to exclusions went from ' || b.days || ' in the baseline terms to ' || o.days || ' in the outcome terms.'
       ELSE 'Days lost to exclusions went from ' || b.days || ' in the baseline terms to ' || o.days || ' in the outcome terms: they must fall by more than ' || CAST($3 AS DECIMAL(38,0)) || '.' END AS reason,
  CAST(to_json(struct_pack("baseline_terms" := coalesce(b.term_items, []), "outcome_terms" := coalesce(o.term_items, []), "baseline_days_lost" := b.days, "outcome_days_lost" := o.days, "permanent_in_outcome_terms" := o.permanent, "baseline_exclusions" := coalesce(b.items, []), "outcome_exclusions" := coalesce(o.items, []), "min_reduction" := CAST($3 AS DECIMAL(38,0)))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN w o ON o.sid = s.sid AND o.window_name = 'outcome'
LEFT JOIN w b ON b.sid = s.sid AND b.window_name = 'baseline'
);
