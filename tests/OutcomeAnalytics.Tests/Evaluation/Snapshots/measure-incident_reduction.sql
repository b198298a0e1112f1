-- phase3: measure incident_reduction(zero_route_max=$adult_zero_route_max, severe_blocks_reduction=false, counted_types=$crime_counted_types, fraction=$reduction_fraction, baseline=$reduction_baseline, baseline_months=$crime_baseline_months) for need 7.1 node 7.1: measure 10 of ev_measure_nodes.
-- No counted incidents after closure, or (from a high baseline) a sustained reduction.
-- parameters: $1 = 'offence', $2 = 'arrest', $3 = 'named_suspect', $4 = 'asb', $5 = 12, $6 = 6, $7 = 7, $8 = false, $9 = 0.5, $10 = 'rate_12_months', $11 = 6, $12 = 6, $13 = 6, $14 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 10 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($12) AS DATE)) THEN 'pending'
       WHEN c.n <= $7 AND c.p = 0 THEN 'met'
       WHEN c.n <= $7 THEN 'not_met'
       WHEN c.p <= CASE WHEN $10 = 'count_6_months_before' THEN CAST($9 AS DECIMAL(38,1)) * c.n6 ELSE CAST($9 AS DECIMAL(38,1)) * c.n * $6 / $5 END AND NOT ($8 AND c.severe > 0) THEN 'met'
       WHEN $8 AND c.severe > 0 THEN 'not_met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($12) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($13) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN c.n <= $7 AND c.p = 0 THEN c.n || ' counted incident(s) in the ' || $5 || ' months before attachment (at most ' || $7 || '): ' || 'none after closure.'
       WHEN c.n <= $7 THEN c.n || ' counted incident(s) in the ' || $5 || ' months before attachment (at most ' || $7 || '): ' || c.p || ' after closure, where none are allowed.'
       WHEN c.p <= CASE WHEN $10 = 'count_6_months_before' THEN CAST($9 AS DECIMAL(38,1)) * c.n6 ELSE CAST($9 AS DECIMAL(38,1)) * c.n * $6 / $5 END AND NOT ($8 AND c.severe > 0) THEN c.n || ' counted incidents before attachment: ' || c.p || ' after closure against at most ' || rtrim(rtrim(printf('%.2f', CASE WHEN $10 = 'count_6_months_before' THEN CAST($9 AS DECIMAL(38,1)) * c.n6 ELSE CAST($9 AS DECIMAL(38,1)) * c.n * $6 / $5 END), '0'), '.') || ' allowed' || '.'
       WHEN $8 AND c.severe > 0 THEN c.n || ' counted incidents before attachment: ' || c.p || ' after closure against at most ' || rtrim(rtrim(printf('%.2f', CASE WHEN $10 = 'count_6_months_before' THEN CAST($9 AS DECIMAL(38,1)) * c.n6 ELSE CAST($9 AS DECIMAL(38,1)) * c.n * $6 / $5 END), '0'), '.') || ' allowed' || ', and ' || c.severe || ' severe.'
       ELSE c.n || ' counted incidents before attachment: ' || c.p || ' after closure against at most ' || rtrim(rtrim(printf('%.2f', CASE WHEN $10 = 'count_6_months_before' THEN CAST($9 AS DECIMAL(38,1)) * c.n6 ELSE CAST($9 AS DECIMAL(38,1)) * c.n * $6 / $5 END), '0'), '.') || ' allowed' || '.' END AS reason,
  CAST(to_json(struct_pack("basis" := s.basis, "baseline_count" := c.n, "baseline_6_months" := c.n6, "post_closure_count" := c.p, "severe_post_closure" := CASE WHEN $8 THEN c.severe END, "route" := CASE WHEN c.n <= $7 THEN 'zero' ELSE 'reduction' END, "allowed" := CASE WHEN c.n <= $7 THEN 0 ELSE round(CASE WHEN $10 = 'count_6_months_before' THEN CAST($9 AS DECIMAL(38,1)) * c.n6 ELSE CAST($9 AS DECIMAL(38,1)) * c.n * $6 / $5 END, 4) END, "baseline_from" := CAST(s.a - to_months($5) AS DATE), "post_closure_from" := s.c, "post_closure_to" := CAST(s.c + to_months($14) AS DATE), "incidents" := coalesce(c.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) FILTER (WHERE i.counted AND i.incident_date >= s.a - to_months($5) AND i.incident_date < s.a) AS n,
    count(*) FILTER (WHERE i.counted AND i.incident_date >= s.a - to_months(6) AND i.incident_date < s.a) AS n6,
    count(*) FILTER (WHERE i.counted AND i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($11) AS DATE)) AS p,
    count(*) FILTER (WHERE i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($11) AS DATE) AND i.is_severe) AS severe,
    -- the records the counts read, each with its window: counted incidents before attachment and after
    -- closure, and severe ones after closure (of any type, counted or not)
    list_transform(list_sort(list((i.incident_date, i.incident_id, struct_pack("incident_id" := i.incident_id, "date" := i.incident_date, "type" := i.incident_type, "severe" := i.severe, "counted" := i.counted, "window" := CASE WHEN i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($11) AS DATE) THEN 'post_closure' ELSE 'baseline' END))) FILTER (WHERE (i.counted AND (i.incident_date >= s.a - to_months($5) AND i.incident_date < s.a OR i.incident_date >= s.a - to_months(6) AND i.incident_date < s.a OR i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($11) AS DATE))) OR (i.is_severe AND i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($11) AS DATE)))), lambda x: x[3]) AS items
  FROM subj s
    LEFT JOIN (
      -- the subject's counted incidents (the basis filter sits inside, so the outer join is a plain equi-join on
      -- sid: an OR in its ON clause made it a nested loop) and, where severity blocks the reduction route, every
      -- severe incident, of whatever type
      SELECT sp.sid, x.*, coalesce(x.severe, false) AS is_severe, x.incident_type IN ($1, $2, $3, $4) AND (b.basis IS NULL OR lower(b.basis) NOT IN ($1, $2, $3, $4) OR x.incident_type = lower(b.basis)) AS counted
      FROM (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp JOIN subj b ON b.sid = sp.sid
      JOIN incidents x ON x.person_id = sp.person_id AND (x.incident_type IN ($1, $2, $3, $4))
      WHERE (x.incident_type IN ($1, $2, $3, $4) AND (b.basis IS NULL OR lower(b.basis) NOT IN ($1, $2, $3, $4) OR x.incident_type = lower(b.basis)))) i
      ON i.sid = s.sid
  GROUP BY s.sid) c ON c.sid = s.sid
);

-- phase3: measure incident_reduction(zero_route_max=$young_zero_route_max, severe_blocks_reduction=true, counted_types=$crime_counted_types, fraction=$reduction_fraction, baseline=$reduction_baseline, baseline_months=$crime_baseline_months) for need 7.3 node 7.3: measure 11 of ev_measure_nodes.
-- No counted incidents after closure, or (from a high baseline) a sustained reduction.
-- parameters: $1 = 'offence', $2 = 'arrest', $3 = 'named_suspect', $4 = 'asb', $5 = 12, $6 = 6, $7 = 4, $8 = true, $9 = 0.5, $10 = 'rate_12_months', $11 = 6, $12 = 6, $13 = 6, $14 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 11 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($12) AS DATE)) THEN 'pending'
       WHEN c.n <= $7 AND c.p = 0 THEN 'met'
       WHEN c.n <= $7 THEN 'not_met'
       WHEN c.p <= CASE WHEN $10 = 'count_6_months_before' THEN CAST($9 AS DECIMAL(38,1)) * c.n6 ELSE CAST($9 AS DECIMAL(38,1)) * c.n * $6 / $5 END AND NOT ($8 AND c.severe > 0) THEN 'met'
       WHEN $8 AND c.severe > 0 THEN 'not_met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($12) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($13) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN c.n <= $7 AND c.p = 0 THEN c.n || ' counted incident(s) in the ' || $5 || ' months before attachment (at most ' || $7 || '): ' || 'none after closure.'
       WHEN c.n <= $7 THEN c.n || ' counted incident(s) in the ' || $5 || ' months before attachment (at most ' || $7 || '): ' || c.p || ' after closure, where none are allowed.'
       WHEN c.p <= CASE WHEN $10 = 'count_6_months_before' THEN CAST($9 AS DECIMAL(38,1)) * c.n6 ELSE CAST($9 AS DECIMAL(38,1)) * c.n * $6 / $5 END AND NOT ($8 AND c.severe > 0) THEN c.n || ' counted incidents before attachment: ' || c.p || ' after closure against at most ' || rtrim(rtrim(printf('%.2f', CASE WHEN $10 = 'count_6_months_before' THEN CAST($9 AS DECIMAL(38,1)) * c.n6 ELSE CAST($9 AS DECIMAL(38,1)) * c.n * $6 / $5 END), '0'), '.') || ' allowed' || '.'
       WHEN $8 AND c.severe > 0 THEN c.n || ' counted incidents before attachment: ' || c.p || ' after closure against at most ' || rtrim(rtrim(printf('%.2f', CASE WHEN $10 = 'count_6_months_before' THEN CAST($9 AS DECIMAL(38,1)) * c.n6 ELSE CAST($9 AS DECIMAL(38,1)) * c.n * $6 / $5 END), '0'), '.') || ' allowed' || ', and ' || c.severe || ' severe.'
       ELSE c.n || ' counted incidents before attachment: ' || c.p || ' after closure against at most ' || rtrim(rtrim(printf('%.2f', CASE WHEN $10 = 'count_6_months_before' THEN CAST($9 AS DECIMAL(38,1)) * c.n6 ELSE CAST($9 AS DECIMAL(38,1)) * c.n * $6 / $5 END), '0'), '.') || ' allowed' || '.' END AS reason,
  CAST(to_json(struct_pack("basis" := s.basis, "baseline_count" := c.n, "baseline_6_months" := c.n6, "post_closure_count" := c.p, "severe_post_closure" := CASE WHEN $8 THEN c.severe END, "route" := CASE WHEN c.n <= $7 THEN 'zero' ELSE 'reduction' END, "allowed" := CASE WHEN c.n <= $7 THEN 0 ELSE round(CASE WHEN $10 = 'count_6_months_before' THEN CAST($9 AS DECIMAL(38,1)) * c.n6 ELSE CAST($9 AS DECIMAL(38,1)) * c.n * $6 / $5 END, 4) END, "baseline_from" := CAST(s.a - to_months($5) AS DATE), "post_closure_from" := s.c, "post_closure_to" := CAST(s.c + to_months($14) AS DATE), "incidents" := coalesce(c.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) FILTER (WHERE i.counted AND i.incident_date >= s.a - to_months($5) AND i.incident_date < s.a) AS n,
    count(*) FILTER (WHERE i.counted AND i.incident_date >= s.a - to_months(6) AND i.incident_date < s.a) AS n6,
    count(*) FILTER (WHERE i.counted AND i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($11) AS DATE)) AS p,
    count(*) FILTER (WHERE i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($11) AS DATE) AND i.is_severe) AS severe,
    -- the records the counts read, each with its window: counted incidents before attachment and after
    -- closure, and severe ones after closure (of any type, counted or not)
    list_transform(list_sort(list((i.incident_date, i.incident_id, struct_pack("incident_id" := i.incident_id, "date" := i.incident_date, "type" := i.incident_type, "severe" := i.severe, "counted" := i.counted, "window" := CASE WHEN i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($11) AS DATE) THEN 'post_closure' ELSE 'baseline' END))) FILTER (WHERE (i.counted AND (i.incident_date >= s.a - to_months($5) AND i.incident_date < s.a OR i.incident_date >= s.a - to_months(6) AND i.incident_date < s.a OR i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($11) AS DATE))) OR (i.is_severe AND i.incident_date > s.c AND i.incident_date <= CAST(s.c + to_months($11) AS DATE)))), lambda x: x[3]) AS items
  FROM subj s
    LEFT JOIN (
      -- the subject's counted incidents (the basis filter sits inside, so the outer join is a plain equi-join on
      -- sid: an OR in its ON clause made it a nested loop) and, where severity blocks the reduction route, every
      -- severe incident, of whatever type
      SELECT sp.sid, x.*, coalesce(x.severe, false) AS is_severe, x.incident_type IN ($1, $2, $3, $4) AND (b.basis IS NULL OR lower(b.basis) NOT IN ($1, $2, $3, $4) OR x.incident_type = lower(b.basis)) AS counted
      FROM (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp JOIN subj b ON b.sid = sp.sid
      JOIN incidents x ON x.person_id = sp.person_id AND (x.incident_type IN ($1, $2, $3, $4) OR x.severe)
      WHERE (x.incident_type IN ($1, $2, $3, $4) AND (b.basis IS NULL OR lower(b.basis) NOT IN ($1, $2, $3, $4) OR x.incident_type = lower(b.basis))) OR x.severe) i
      ON i.sid = s.sid
  GROUP BY s.sid) c ON c.sid = s.sid
);
