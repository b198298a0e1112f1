-- one: measure exclusion_count(categories=suspension, max=1) for need X1 node X1: measure 1 of ev_measure_nodes.
-- At most a number of exclusions of the given categories started in the outcome terms.
-- parameters: $1 = 2, $2 = 1, $3 = 'suspension', $4 = 'suspension'
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 1 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN coalesce(o.terms, 0) < $1 THEN 'pending'
       WHEN o.n <= $2 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN coalesce(o.terms, 0) < $1 THEN 'Only ' || coalesce(o.terms, 0) || ' of the ' || $1 || ' outcome terms have finished since attachment.'
       WHEN o.n <= $2 THEN o.n || ' ' || $3 || ' exclusion(s) started in the outcome terms; at most ' || $2 || ' allowed.'
       ELSE o.n || ' ' || $3 || ' exclusion(s) started in the outcome terms; at most ' || $2 || ' allowed.' END AS reason,
  CAST(to_json(struct_pack("outcome_terms" := coalesce(o.term_items, []), "categories" := $3, "count" := o.n, "max" := $2, "exclusions" := coalesce(o.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(DISTINCT ft.term_index) AS terms, count(x.person_id) AS n,
    list_transform(list_sort(list((x.start_date, struct_pack("start" := x.start_date, "category" := x.category, "days_lost" := x.days_lost))) FILTER (WHERE x.person_id IS NOT NULL)), lambda x: x[2]) AS items,
    list_transform(list_sort(list(DISTINCT (ft.term_index, struct_pack("term" := ft.academic_year || ' ' || ft.term, "start" := ft.start_date, "end" := ft.end_date)))), lambda x: x[2]) AS term_items
  FROM subj s
    JOIN ev_family_terms ft ON ft.family_id = s.family_id AND ft.window_name = 'outcome'
    LEFT JOIN exclusions x ON x.person_id = s.person_id AND x.start_date BETWEEN ft.start_date AND ft.end_date AND x.category IN ($4)
  GROUP BY s.sid) o ON o.sid = s.sid
);
