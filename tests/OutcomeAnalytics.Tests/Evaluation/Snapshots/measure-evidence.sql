-- phase3: measure evidence(require_verified=$require_verified, types=practitioner_assessment,self_assessment,course_completed,support_in_place,service_engagement,multi_agency_engagement,specialist_programme,confirmation,take_up,specialist_referral,risk_assessment,debt_plan,health_registration,other) for need 1.3 node 1.3/any_of/3, need 1.4 node 1.4, need 2.1 node 2.1, need 2.2 node 2.2, need 2.3 node 2.3/any_of/2, need 3.1 node 3.1/any_of/2, need 3.2 node 3.2/any_of/2, need 3.3 node 3.3, need 4.1 node 4.1/any_of/2, need 4.2 node 4.2/any_of/2, need 5.1 node 5.1, need 5.2 node 5.2/any_of/1, need 5.3 node 5.3, need 5.4 node 5.4, need 6.1 node 6.1/all_of/2, need 6.2 node 6.2/all_of/3, need 6.3 node 6.3/all_of/1, need 6.4 node 6.4/all_of/1, need 6.5 node 6.5, need 6.6 node 6.6/all_of/1, need 8.1 node 8.1/all_of/3, need 8.2 node 8.2/all_of/3, need 8.3 node 8.3/all_of/3, need 9.1 node 9.1, need 9.2 node 9.2, need 9.3 node 9.3, need 10.1 node 10.1/any_of/2, need 10.2 node 10.2, need 10.3 node 10.3/any_of/2.
-- Recorded evidence (result met or improved) for the need, dated between attachment and the evaluation date.
-- parameters: $1 = '1.3', $2 = '1.3/any_of/3', $3 = '1.4', $4 = '1.4', $5 = '2.1', $6 = '2.1', $7 = '2.2', $8 = '2.2', $9 = '2.3', $10 = '2.3/any_of/2', $11 = '3.1', $12 = '3.1/any_of/2', $13 = '3.2', $14 = '3.2/any_of/2', $15 = '3.3', $16 = '3.3', $17 = '4.1', $18 = '4.1/any_of/2', $19 = '4.2', $20 = '4.2/any_of/2', $21 = '5.1', $22 = '5.1', $23 = '5.2', $24 = '5.2/any_of/1', $25 = '5.3', $26 = '5.3', $27 = '5.4', $28 = '5.4', $29 = '6.1', $30 = '6.1/all_of/2', $31 = '6.2', $32 = '6.2/all_of/3', $33 = '6.3', $34 = '6.3/all_of/1', $35 = '6.4', $36 = '6.4/all_of/1', $37 = '6.5', $38 = '6.5', $39 = '6.6', $40 = '6.6/all_of/1', $41 = '8.1', $42 = '8.1/all_of/3', $43 = '8.2', $44 = '8.2/all_of/3', $45 = '8.3', $46 = '8.3/all_of/3', $47 = '9.1', $48 = '9.1', $49 = '9.2', $50 = '9.2', $51 = '9.3', $52 = '9.3', $53 = '10.1', $54 = '10.1/any_of/2', $55 = '10.2', $56 = '10.2', $57 = '10.3', $58 = '10.3/any_of/2', $59 = false
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2), ($3, $4), ($5, $6), ($7, $8), ($9, $10), ($11, $12), ($13, $14), ($15, $16), ($17, $18), ($19, $20), ($21, $22), ($23, $24), ($25, $26), ($27, $28), ($29, $30), ($31, $32), ($33, $34), ($35, $36), ($37, $38), ($39, $40), ($41, $42), ($43, $44), ($45, $46), ($47, $48), ($49, $50), ($51, $52), ($53, $54), ($55, $56), ($57, $58)) m(need_code, node_id) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN e.n > 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN e.n > 0 THEN 'Evidence recorded: ' || e.records[1].evidence_type || ' (' || e.records[1].result || ') on ' || strftime(e.records[1].evidence_date, '%Y-%m-%d') || '.'
       ELSE 'No qualifying evidence recorded between attachment and the evaluation date.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("from" := s.a, "to" := s.t), "require_verified" := $59, "evidence" := coalesce(list_transform(e.records, lambda x: x.item), []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) AS n, list_sort(list(struct_pack(evidence_date := ev.evidence_date, evidence_id := ev.evidence_id, evidence_type := ev.evidence_type, result := ev.result, item := ev.item))) AS records
  FROM subj s
    JOIN (
      SELECT ev.family_id, ev.need_code, ev.person_id, ev.evidence_date, ev.evidence_id, ev.evidence_type, ev.result, struct_pack("evidence_id" := ev.evidence_id, "type" := ev.evidence_type, "result" := ev.result, "date" := ev.evidence_date, "person_id" := ev.person_id, "verified" := ev.verified) AS item
      FROM evidence ev
      WHERE ev.result IN ('met', 'improved') AND (NOT $59 OR coalesce(ev.verified, false))
    ) ev ON ev.family_id = s.family_id AND ev.need_code = s.need_code
  WHERE ev.evidence_date BETWEEN s.a AND s.t AND (s.person_id IS NULL OR ev.person_id IS NULL OR ev.person_id = s.person_id)
  GROUP BY s.sid) e ON e.sid = s.sid
);
