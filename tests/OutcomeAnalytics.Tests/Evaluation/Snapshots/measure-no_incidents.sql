-- phase3: measure no_incidents(window=pre_closure, whole_family=false) for need 6.2 node 6.2/all_of/1 (incident_types=missing_episode): measure 7 of ev_measure_nodes.
-- No incident of the given types in the pre-closure month or the post-closure window.
-- parameters: $1 = 'pre-closure', $2 = 1, $3 = 6, $4 = 6, $5 = 'pre_closure', $6 = 1
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id, m.arg_incident_types FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 7 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($3) AS DATE)) THEN 'pending'
       WHEN coalesce(e.n, 0) = 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($3) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($4) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No ' || array_to_string(s.arg_incident_types, ' or ') || ' incident' || ' in the ' || $1 || ' window' || '.'
       ELSE e.n || ' ' || array_to_string(s.arg_incident_types, ' or ') || ' incident' || '(s)' || ' in the ' || $1 || ' window' || ', the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $5, "from" := CAST(s.c - to_months($6) AS DATE), "to" := s.c), "incident_types" := array_to_string(s.arg_incident_types, ','), "incidents" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) AS n, min(i.incident_date) AS first_date,
    list_transform(list_sort(list((i.incident_date, struct_pack("incident_id" := i.incident_id, "person_id" := i.person_id, "date" := i.incident_date, "type" := i.incident_type)))), lambda x: x[2]) AS items
  FROM subj s
    JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid
    JOIN incidents i ON i.person_id = sp.person_id AND list_contains(s.arg_incident_types, i.incident_type)
      AND i.incident_date BETWEEN CAST(s.c - to_months($2) AS DATE) AND s.c
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);

-- phase3: measure no_incidents(window=post_closure, whole_family=false) for need 6.3 node 6.3/all_of/2 (incident_types=exploitation_report,police_report), need 6.4 node 6.4/all_of/2 (incident_types=exploitation_report,police_report), need 6.6 node 6.6/all_of/2 (incident_types=police_report), need 7.2 node 7.2 (incident_types=$crime_counted_types): measure 9 of ev_measure_nodes.
-- No incident of the given types in the pre-closure month or the post-closure window.
-- parameters: $1 = 'post-closure', $2 = 6, $3 = 6, $4 = 6, $5 = 'post_closure', $6 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id, m.arg_incident_types FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 9 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($3) AS DATE)) THEN 'pending'
       WHEN coalesce(e.n, 0) = 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($3) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($4) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No ' || array_to_string(s.arg_incident_types, ' or ') || ' incident' || ' in the ' || $1 || ' window' || '.'
       ELSE e.n || ' ' || array_to_string(s.arg_incident_types, ' or ') || ' incident' || '(s)' || ' in the ' || $1 || ' window' || ', the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $5, "from" := s.c, "to" := CAST(s.c + to_months($6) AS DATE)), "incident_types" := array_to_string(s.arg_incident_types, ','), "incidents" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) AS n, min(i.incident_date) AS first_date,
    list_transform(list_sort(list((i.incident_date, struct_pack("incident_id" := i.incident_id, "person_id" := i.person_id, "date" := i.incident_date, "type" := i.incident_type)))), lambda x: x[2]) AS items
  FROM subj s
    JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid
    JOIN incidents i ON i.person_id = sp.person_id AND list_contains(s.arg_incident_types, i.incident_type)
      AND i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($2) AS DATE)
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);

-- phase3: measure no_incidents(window=pre_closure, whole_family=true) for need 8.1 node 8.1/all_of/1 (incident_types=domestic_abuse), need 8.2 node 8.2/all_of/1 (incident_types=domestic_abuse), need 8.3 node 8.3/all_of/1 (incident_types=domestic_abuse): measure 12 of ev_measure_nodes.
-- No incident of the given types in the pre-closure month or the post-closure window.
-- parameters: $1 = 'pre-closure', $2 = 1, $3 = 6, $4 = 6, $5 = 'pre_closure', $6 = 1
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id, m.arg_incident_types FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 12 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($3) AS DATE)) THEN 'pending'
       WHEN coalesce(e.n, 0) = 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($3) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($4) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.n, 0) = 0 THEN 'No ' || array_to_string(s.arg_incident_types, ' or ') || ' incident' || ' in the ' || $1 || ' window' || '.'
       ELSE e.n || ' ' || array_to_string(s.arg_incident_types, ' or ') || ' incident' || '(s)' || ' in the ' || $1 || ' window' || ', the first on ' || strftime(e.first_date, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $5, "from" := CAST(s.c - to_months($6) AS DATE), "to" := s.c), "incident_types" := array_to_string(s.arg_incident_types, ','), "incidents" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) AS n, min(i.incident_date) AS first_date,
    list_transform(list_sort(list((i.incident_date, struct_pack("incident_id" := i.incident_id, "person_id" := i.person_id, "date" := i.incident_date, "type" := i.incident_type)))), lambda x: x[2]) AS items
  FROM subj s
    JOIN (SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id) sp ON sp.sid = s.sid
    JOIN incidents i ON i.person_id = sp.person_id AND list_contains(s.arg_incident_types, i.incident_type)
      AND i.incident_date BETWEEN CAST(s.c - to_months($2) AS DATE) AND s.c
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);
