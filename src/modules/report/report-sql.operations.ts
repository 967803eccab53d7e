/**
 * Field operations that took place in the period (出动警力, 推送预警提示), known by the cutoff;
 * those recorded after it are late arrivals. With a district, only that district's records
 * (county-wide ones, district NULL, are left out).
 */
export const operationsSql = `
  WITH o AS (
    SELECT o.kind, o.officers_deployed, o.messages_pushed, o.people_reached, o.created_at <= $3::timestamptz AS known
    FROM field_operation o
    WHERE o.occurred_at >= $1::timestamptz AND o.occurred_at < $2::timestamptz AND ($4::text IS NULL OR o.district = $4::text)
  )
  SELECT count(*) FILTER (WHERE known AND kind = 'POLICE_DEPLOYMENT')::int AS deployments,
         coalesce(sum(officers_deployed) FILTER (WHERE known), 0)::int AS "officersDeployed",
         count(*) FILTER (WHERE known AND kind = 'WARNING_PUSH')::int AS pushes,
         coalesce(sum(messages_pushed) FILTER (WHERE known), 0)::int AS "messagesPushed",
         coalesce(sum(people_reached) FILTER (WHERE known), 0)::int AS "peopleReached",
         count(*) FILTER (WHERE NOT known)::int AS late
  FROM o`;
