-- phase3: measure evidence(require_verified=$require_verified, types=practitioner_assessment,self_assessment,course_completed,support_in_place,service_engagement,multi_agency_engagement,specialist_programme,confirmation,take_up,specialist_referral,risk_assessment,debt_plan,health_registration,other) for need 1.3 node 1.3/any_of/3, need 1.4 node 1.4, need 2.1 node 2.1, need 2.2 node 2.2, need 2.3 node 2.3/any_of/2, need 3.1 node 3.1/any_of/2, need 3.2 node 3.2/any_of/2, need 3.3 node 3.3, need 4.1 node 4.1/any_of/2, need 4.2 node 4.2/any_of/2, need 5.1 node 5.1, need 5.2 node 5.2/any_of/1, need 5.3 node 5.3, need 5.4 node 5.4, need 6.1 node 6.1/all_of/2, need 6.2 node 6.2/all_of/3, need 6.3 node 6.3/all_of/1, need 6.4 node 6.4/all_of/1, need 6.5 node 6.5, need 6.6 node 6.6/all_of/1, need 8.1 node 8.1/all_of/3, need 8.2 node 8.2/all_of/3, need 8.3 node 8.3/all_of/3, need 9.1 node 9.1, need 9.2 node 9.2, need 9.3 node 9.3, need 10.1 node 10.1/any_of/2, need 10.2 node 10.2, need 10.3 node 10.3/any_of/2: measure 5 of ev_measure_nodes.
-- Recorded evidence (result met or improved) for the need, dated between attachment and the evaluation date.
-- parameters: $1 = false
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 5 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN e.n > 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN e.n > 0 THEN 'Evidence recorded: ' || e.records[1].evidence_type || ' (' || e.records[1].result || ') on ' || strftime(e.records[1].evidence_date, '%Y-%m-%d') || '.'
       ELSE 'No qualifying evidence recorded between attachment and the evaluation date.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("from" := s.a, "to" := s.t), "require_verified" := $1, "evidence" := coalesce(list_transform(e.records, lambda x: x.item), []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) AS n, list_sort(list(struct_pack(evidence_date := ev.evidence_date, evidence_id := ev.evidence_id, evidence_type := ev.evidence_type, result := ev.result, item := ev.item))) AS records
  FROM subj s
    JOIN (
      SELECT ev.family_id, ev.need_code, ev.person_id, ev.evidence_date, ev.evidence_id, ev.evidence_type, ev.result, struct_pack("evidence_id" := ev.evidence_id, "type" := ev.evidence_type, "result" := ev.result, "date" := ev.evidence_date, "person_id" := ev.person_id, "verified" := ev.verified) AS item
      FROM evidence ev
      WHERE ev.result IN ('met', 'improved') AND (NOT $1 OR coalesce(ev.verified, false))
    ) ev ON ev.family_id = s.family_id AND ev.need_code = s.need_code
  WHERE ev.evidence_date BETWEEN s.a AND s.t AND (s.person_id IS NULL OR ev.person_id IS NULL OR ev.person_id = s.person_id)
  GROUP BY s.sid) e ON e.sid = s.sid
);
