-- phase3: measure no_referrals(services=$csc_referral_services, window=post_closure, whole_family=false) for need 6.2 node 6.2/all_of/2: measure 8 of ev_measure_nodes.
-- No referral into the given services, for the subject or the family, in the post-closure window.
-- parameters: $1 = 'childrens_social_care', $2 = 'post-closure', $3 = 'childrens_social_care', $4 = 6, $5 = 6, $6 = 6, $7 = 'post_closure', $8 = 6, $9 = 'childrens_social_care'
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 8 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($5) AS DATE)) THEN 'pending'
       WHEN coalesce(e.n, 0) = 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($5) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($6) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No referral' || ' to ' || $1 || ' in the ' || $2 || ' window' || '.'
       ELSE e.n || ' referral(s)' || ' to ' || $1 || ' in the ' || $2 || ' window' || ', the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $7, "from" := s.c, "to" := CAST(s.c + to_months($8) AS DATE)), "services" := $9, "referrals" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) AS n, min(r.referral_date) AS first_date,
    list_transform(list_sort(list((r.referral_date, struct_pack("referral_id" := r.referral_id, "person_id" := r.person_id, "family_id" := r.family_id, "date" := r.referral_date, "service" := r.service)))), lambda x: x[2]) AS items
  FROM subj s
    JOIN (
      -- a referral for the family, or for one of the people whose records count (two equi-joins; UNION keeps a referral matched both ways once)
      SELECT s.sid, r.* FROM subj s JOIN referrals r ON r.family_id = s.family_id
      UNION
      SELECT sp.sid, r.* FROM (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp JOIN referrals r ON r.person_id = sp.person_id) r
      ON r.sid = s.sid AND r.service IN ($3) AND r.referral_date > s.c AND r.referral_date <= CAST(s.c + to_months($4) AS DATE)
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);

-- phase3: measure no_referrals(services=$da_referral_services, window=post_closure, whole_family=true) for need 8.1 node 8.1/all_of/2, need 8.2 node 8.2/all_of/2, need 8.3 node 8.3/all_of/2: measure 13 of ev_measure_nodes.
-- No referral into the given services, for the subject or the family, in the post-closure window.
-- parameters: $1 = 'domestic_abuse or childrens_social_care', $2 = 'post-closure', $3 = 'domestic_abuse', $4 = 'childrens_social_care', $5 = 6, $6 = 6, $7 = 6, $8 = 'post_closure', $9 = 6, $10 = 'domestic_abuse,childrens_social_care'
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 13 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($6) AS DATE)) THEN 'pending'
       WHEN coalesce(e.n, 0) = 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($6) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($7) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No referral' || ' to ' || $1 || ' in the ' || $2 || ' window' || '.'
       ELSE e.n || ' referral(s)' || ' to ' || $1 || ' in the ' || $2 || ' window' || ', the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $8, "from" := s.c, "to" := CAST(s.c + to_months($9) AS DATE)), "services" := $10, "referrals" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) AS n, min(r.referral_date) AS first_date,
    list_transform(list_sort(list((r.referral_date, struct_pack("referral_id" := r.referral_id, "person_id" := r.person_id, "family_id" := r.family_id, "date" := r.referral_date, "service" := r.service)))), lambda x: x[2]) AS items
  FROM subj s
    JOIN (
      -- a referral for the family, or for one of the people whose records count (two equi-joins; UNION keeps a referral matched both ways once)
      SELECT s.sid, r.* FROM subj s JOIN referrals r ON r.family_id = s.family_id
      UNION
      SELECT sp.sid, r.* FROM (SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id) sp JOIN referrals r ON r.person_id = sp.person_id) r
      ON r.sid = s.sid AND r.service IN ($3, $4) AND r.referral_date > s.c AND r.referral_date <= CAST(s.c + to_months($5) AS DATE)
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);
