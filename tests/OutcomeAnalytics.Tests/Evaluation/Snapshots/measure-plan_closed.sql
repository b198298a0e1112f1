-- phase3: measure plan_closed(plan_types=early_help,child_in_need,child_protection, end_reasons=closed,stepped_down) for need 6.1 node 6.1/all_of/1: measure 6 of ev_measure_nodes.
-- A plan of the given types closed or stepped down since attachment, and none is still open.
-- parameters: $1 = 'early_help', $2 = 'child_in_need', $3 = 'child_protection', $4 = 'closed', $5 = 'stepped_down'
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 6 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN coalesce(p.open_plans, 0) > 0 THEN 'not_met'
       WHEN coalesce(p.ended, 0) > 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN coalesce(p.open_plans, 0) > 0 THEN 'A plan is still open at the evaluation date.'
       WHEN coalesce(p.ended, 0) > 0 THEN 'A plan ended (closed or stepped down) on ' || strftime(p.last_end, '%Y-%m-%d') || ' and none is open.'
       ELSE 'No plan closed or stepped down between attachment and the evaluation date.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("from" := s.a, "to" := s.t), "plans" := coalesce(p.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) FILTER (WHERE pl.end_date BETWEEN s.a AND s.t AND pl.end_reason IN ($4, $5)) AS ended,
    max(pl.end_date) FILTER (WHERE pl.end_date BETWEEN s.a AND s.t AND pl.end_reason IN ($4, $5)) AS last_end,
    count(*) FILTER (WHERE pl.start_date <= s.t AND (pl.end_date IS NULL OR pl.end_date > s.t)) AS open_plans,
    list_transform(list_sort(list((pl.start_date, struct_pack("plan_id" := pl.plan_id, "type" := pl.plan_type, "start" := pl.start_date, "end" := pl.end_date, "end_reason" := pl.end_reason)))), lambda x: x[2]) AS items
  FROM subj s
    JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid
    JOIN plans pl ON pl.person_id = sp.person_id AND pl.plan_type IN ($1, $2, $3)
  GROUP BY s.sid) p ON p.sid = s.sid
);
