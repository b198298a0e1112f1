-- phase3: measure no_incidents(window=pre_closure, whole_family=false) for need 6.2 node 6.2/all_of/1 (incident_types=missing_episode).
-- No incident of the given types in the pre-closure month or the post-closure window.
-- parameters: $1 = '6.2', $2 = '6.2/all_of/1', $3 = 'missing_episode', $4 = 'pre-closure', $5 = 1, $6 = 6, $7 = 6, $8 = 'pre_closure', $9 = 1
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2, string_split($3, ','))) m(need_code, node_id, arg_incident_types) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($6) AS DATE)) THEN 'pending'
       WHEN coalesce(e.n, 0) = 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($6) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($7) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No ' || array_to_string(s.arg_incident_types, ' or ') || ' incident' || ' in the ' || $4 || ' window' || '.'
       ELSE e.n || ' ' || array_to_string(s.arg_incident_types, ' or ') || ' incident' || '(s)' || ' in the ' || $4 || ' window' || ', the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $8, "from" := CAST(s.c - to_months($9) AS DATE), "to" := s.c), "incident_types" := array_to_string(s.arg_incident_types, ','), "incidents" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) AS n, min(i.incident_date) AS first_date,
    list_transform(list_sort(list((i.incident_date, struct_pack("incident_id" := i.incident_id, "person_id" := i.person_id, "date" := i.incident_date, "type" := i.incident_type)))), lambda x: x[2]) AS items
  FROM subj s
    JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid
    JOIN incidents i ON i.person_id = sp.person_id AND list_contains(s.arg_incident_types, i.incident_type)
      AND i.incident_date BETWEEN CAST(s.c - to_months($5) AS DATE) AND s.c
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);

-- phase3: measure no_incidents(window=post_closure, whole_family=false) for need 6.3 node 6.3/all_of/2 (incident_types=exploitation_report,police_report), need 6.4 node 6.4/all_of/2 (incident_types=exploitation_report,police_report), need 6.6 node 6.6/all_of/2 (incident_types=police_report), need 7.2 node 7.2 (incident_types=$crime_counted_types).
-- No incident of the given types in the pre-closure month or the post-closure window.
-- parameters: $1 = '6.3', $2 = '6.3/all_of/2', $3 = 'exploitation_report,police_report', $4 = '6.4', $5 = '6.4/all_of/2', $6 = 'exploitation_report,police_report', $7 = '6.6', $8 = '6.6/all_of/2', $9 = 'police_report', $10 = '7.2', $11 = '7.2', $12 = 'offence,arrest,named_suspect,asb', $13 = 'post-closure', $14 = 6, $15 = 6, $16 = 6, $17 = 'post_closure', $18 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2, string_split($3, ',')), ($4, $5, string_split($6, ',')), ($7, $8, string_split($9, ',')), ($10, $11, string_split($12, ','))) m(need_code, node_id, arg_incident_types) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($15) AS DATE)) THEN 'pending'
       WHEN coalesce(e.n, 0) = 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($15) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($16) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No ' || array_to_string(s.arg_incident_types, ' or ') || ' incident' || ' in the ' || $13 || ' window' || '.'
       ELSE e.n || ' ' || array_to_string(s.arg_incident_types, ' or ') || ' incident' || '(s)' || ' in the ' || $13 || ' window' || ', the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $17, "from" := s.c, "to" := CAST(s.c + to_months($18) AS DATE)), "incident_types" := array_to_string(s.arg_incident_types, ','), "incidents" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) AS n, min(i.incident_date) AS first_date,
    list_transform(list_sort(list((i.incident_date, struct_pack("incident_id" := i.incident_id, "person_id" := i.person_id, "date" := i.incident_date, "type" := i.incident_type)))), lambda x: x[2]) AS items
  FROM subj s
    JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid
    JOIN incidents i ON i.person_id = sp.person_id AND list_contains(s.arg_incident_types, i.incident_type)
      AND i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($14) AS DATE)
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);

-- phase3: measure no_incidents(window=pre_closure, whole_family=true) for need 8.1 node 8.1/all_of/1 (incident_types=domestic_abuse), need 8.2 node 8.2/all_of/1 (incident_types=domestic_abuse), need 8.3 node 8.3/all_of/1 (incident_types=domestic_abuse).
-- No incident of the given types in the pre-closure month or the post-closure window.
-- parameters: $1 = '8.1', $2 = '8.1/all_of/1', $3 = 'domestic_abuse', $4 = '8.2', $5 = '8.2/all_of/1', $6 = 'domestic_abuse', $7 = '8.3', $8 = '8.3/all_of/1', $9 = 'domestic_abuse', $10 = 'pre-closure', $11 = 1, $12 = 6, $13 = 6, $14 = 'pre_closure', $15 = 1
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.* EXCLUDE (need_code) FROM ev_subjects s JOIN (VALUES ($1, $2, string_split($3, ',')), ($4, $5, string_split($6, ',')), ($7, $8, string_split($9, ','))) m(need_code, node_id, arg_incident_types) ON m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($12) AS DATE)) THEN 'pending'
       WHEN coalesce(e.n, 0) = 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($12) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($13) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No ' || array_to_string(s.arg_incident_types, ' or ') || ' incident' || ' in the ' || $10 || ' window' || '.'
       ELSE e.n || ' ' || array_to_string(s.arg_incident_types, ' or ') || ' incident' || '(s)' || ' in the ' || $10 || ' window' || ', the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $14, "from" := CAST(s.c - to_months($15) AS DATE), "to" := s.c), "incident_types" := array_to_string(s.arg_incident_types, ','), "incidents" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) AS n, min(i.incident_date) AS first_date,
    list_transform(list_sort(list((i.incident_date, struct_pack("incident_id" := i.incident_id, "person_id" := i.person_id, "date" := i.incident_date, "type" := i.incident_type)))), lambda x: x[2]) AS items
  FROM subj s
    JOIN (SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id) sp ON sp.sid = s.sid
    JOIN incidents i ON i.person_id = sp.person_id AND list_contains(s.arg_incident_types, i.incident_type)
      AND i.incident_date BETWEEN CAST(s.c - to_months($11) AS DATE) AND s.c
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);
