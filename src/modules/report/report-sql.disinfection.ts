import { BITS_OF_WORDS, CUTOFF, DAY_SET_BITS, FROM, TO, WORDS, district, inPeriod, utc, utcOf } from './report-sql.shared';

/**
 * An entry counts when recorded by the cutoff and not replaced by a correction recorded by it. A
 * correction belongs to the site of the entry it corrects, so the probe for one runs only for the
 * requirements of sites that have any (`corrected`, one index probe per walked site).
 */
const effective = (alias: string) => `${alias}.recorded_at <= $3::timestamptz
        AND (NOT req.corrected OR NOT EXISTS (SELECT 1 FROM disinfection_entry c WHERE c.corrects_id = ${alias}.id AND c.recorded_at <= $3::timestamptz))`;

/** A site judged at E (b.e): existing and active then (also with the district). Its judged stretch starts here. */
const SITE_JUDGED = `s.created_at <= b.e AND (s.status = 'ACTIVE' OR s.updated_at > b.e) AND ${district('s')}`;
const SITE_START = `least(greatest($1::timestamptz, s.created_at), b.e)`;
/** The switch between the two ways: false here; disinfectionWalkSql turns it on. */
const WALK_EVERY_SITE = 'false /* walk every site */';

const dayStart = (day: string) => `((${day})::timestamp AT TIME ZONE 'UTC')`;

/**
 * The lapse `l` of a judged site fails it (under way at some instant of [start, E]: one that ended
 * by E began before it, lapse_from < gap_to), or is under way at E; the site's start and E from
 * the judged_site row `js`, or from site s and bounds b.
 */
const LAPSE_FAILS = (l: string, js?: string) => {
  const [start, e] = js ? [`${js}.start`, `${js}.e`] : [SITE_START, 'b.e'];
  return `${l}.gap_to > ${start} AND (${l}.lapse_from < ${e} OR ${l}.lapse_from <= ${start})`;
};
const LAPSE_AT_END = (l: string, js?: string) => {
  const [start, e] = js ? [`${js}.start`, `${js}.e`] : [SITE_START, 'b.e'];
  return `${l}.gap_to > ${e} AND (${l}.lapse_from < ${e} OR ${l}.lapse_from <= ${start})`;
};

/**
 * A late area (of late_area's `g`) that changes nothing: no correction among its late points, and
 * the entry before its first late point m (its previous when m was written, after the cutoff:
 * every entry effective at the cutoff was there then, so this is the last of them before m) is
 * less than the shortest interval any rule gives an area of that name before E. Up to that entry
 * the log at the cutoff is the log now (an entry or correction recorded after the cutoff before
 * it would be a late point before m); after it, both logs have only entries within [that entry,
 * E], no gap longer than that interval, and cover at E. So the area's lapses up to E, and every
 * figure, are the same whichever log judges it: it is left to its lapses or the sets, and a site
 * all of whose late areas are such is not walked. About half of the areas in flight at a cutoff
 * are such (province, 10 days back).
 */
const QUIET_LATE_AREA = `NOT g.corr AND coalesce(g.m_prev >= g.e - g.h_min, false)`;

/**
 * The entries started by E (in the two hours up to the cutoff) and recorded after the cutoff that
 * arrived after their area's cover had run out before E, as the log stood when each was written
 * (migration DisinfectionLapsedArrivals, index only): an area all of whose entries in flight
 * covered E changes nothing (see that migration), and is left out, unread.
 */
const ARRIVALS_IN_FLIGHT = (withSlot = false) => `SELECT a.site_id, a.area, a.started_at AS at, a.corr, a.prev_started_at AS prev, a.next_started_at AS next${withSlot ? ', a.kind, a.slot' : ''}
    FROM disinfection_lapsed_arrival a
    WHERE a.started_at > $3::timestamptz - interval '2 hours' AND a.started_at <= least($2::timestamptz, $3::timestamptz) AND a.recorded_at > $3::timestamptz
      AND a.lapse_from < least($2::timestamptz, $3::timestamptz)`;

/**
 * The sites whose entries up to E are not as they were at the cutoff, walked entry by entry
 * (`changed`), and per area the instants where its log up to E differs (`late_point`): an entry
 * started by E and recorded after the cutoff (within two hours of its start: those that arrived
 * after their area's cover had run out before E, migration DisinfectionLapsedArrivals, as no other
 * changes a figure; later: through the late entries' index, migration ReportAsOfEntries), a
 * correction recorded after it started by E, and the entry such a correction replaces when that
 * started by E. Every other site is judged from its lapses, also
 * when it has entries recorded after the cutoff: those started after E change no lapse up to E
 * (the one under way at E ends later, or not at all, either way after E), as for a period that
 * ended before the cutoff.
 *
 * With \`fast\` (the day sets' statement), the areas of most sites skip the machinery below: a site
 * there since from, active now, whose late points are all such arrivals (not in \`slow_site\`, nor
 * \`inactive\`) keeps its areas with one (\`fast_area\`) out of late_area, unless the neighbours of
 * the first one's entry do not say what the log had up to E (its next not after E: those are
 * walked as before). Each is judged in ADJ_FIGURES from its first entry alone: lapsed as of the cutoff (see
 * FAST_LAPSED). At province ~1,400 areas of ~950 sites at a cutoff 10 days back, which
 * late_area, changed and changed_there took ~14 µs each through.
 */
const changedCtes = (fast: boolean) => `late_entry AS MATERIALIZED ( -- recorded after the cutoff, more than two hours after it started or correcting another
    SELECT e.site_id, e.area, e.started_at, e.corrects_id, e.prev_started_at, e.next_started_at FROM disinfection_entry e
    WHERE (e.recorded_at - e.started_at > interval '2 hours' OR e.corrects_id IS NOT NULL) AND e.recorded_at > $3::timestamptz
  ), late_other AS MATERIALIZED ( -- the late points of those: each started by E, and the entry a correction replaces when that did
    -- (corr: a correction, or the entry one replaces; an entry's neighbours when written, see late_area)
    SELECT e.site_id, e.area, e.started_at AS at, e.corrects_id IS NOT NULL AS corr, e.prev_started_at AS prev, e.next_started_at AS next
    FROM late_entry e WHERE e.started_at <= least($2::timestamptz, $3::timestamptz)
    UNION ALL -- (each target by its key, OFFSET 0 keeping the lateral: whatever the planner guesses of late_entry, not a hash of every entry)
    SELECT t.site_id, t.area, t.started_at, true, NULL, NULL FROM late_entry e CROSS JOIN LATERAL (
      SELECT t.site_id, t.area, t.started_at FROM disinfection_entry t WHERE t.id = e.corrects_id AND t.started_at <= least($2::timestamptz, $3::timestamptz) OFFSET 0) t
    WHERE e.corrects_id IS NOT NULL${fast ? `
  ), arrival AS MATERIALIZED ( -- (with the site's kind and slot, migration DisinfectionArrivalSlots, and whether the site is
    -- not active now: its bit in the mask kept of those, migration ReportInactiveSiteMask, not a list of every such site)
    SELECT a.*, coalesce(get_bit(m.bits, a.slot % ${DAY_SET_BITS}) = 1, false) AS inactive FROM (${ARRIVALS_IN_FLIGHT(true)}) a
    LEFT JOIN report_site_mask m ON m.what = 's' AND m.kind = a.kind AND m.chunk = a.slot / ${DAY_SET_BITS}
  ), slow_site AS MATERIALIZED ( -- the sites judged through late_area: inactive ones, and those with another late point or created after from
    -- (grouped, not a UNION: the planner then takes them for a few hundred, not for every late entry it fears, and sizes its hashes so)
    SELECT site_id FROM (
      SELECT site_id FROM late_other
      UNION ALL SELECT s.id FROM site s WHERE s.created_at > $1::timestamptz) x GROUP BY site_id
  ), fast_area AS MATERIALIZED ( -- the other sites' areas with such an arrival: the first, m, and the neighbours of the entry there (as late_area)
    SELECT site_id, area, kind, slot, min(at) AS m, min(ARRAY[at, coalesce(next, '-infinity'), coalesce(prev, '-infinity')]) AS mk
    FROM arrival WHERE NOT inactive AND site_id NOT IN (SELECT site_id FROM slow_site) GROUP BY site_id, area, kind, slot` : ''}
  ), late_point AS (
    ${fast ? 'SELECT site_id, area, at, corr, prev, next FROM arrival WHERE inactive OR site_id IN (SELECT site_id FROM slow_site)' : ARRIVALS_IN_FLIGHT()}
    UNION ALL
    SELECT * FROM late_other
    UNION ALL -- and of an area with such a late point, every entry in flight of those two hours: its first late point may be any
    SELECT e.site_id, e.area, e.started_at, e.corrects_id IS NOT NULL, e.prev_started_at, e.next_started_at
    FROM (SELECT DISTINCT site_id, area FROM late_other) k CROSS JOIN LATERAL (
      SELECT e.site_id, e.area, e.started_at, e.corrects_id, e.prev_started_at, e.next_started_at FROM disinfection_entry e
      WHERE e.site_id = k.site_id AND e.area = k.area AND e.started_at > $3::timestamptz - interval '2 hours' AND e.started_at <= least($2::timestamptz, $3::timestamptz)
        AND e.recorded_at > $3::timestamptz OFFSET 0) e${fast ? `
    UNION ALL -- and the fast areas not known from their neighbours, by their first late point
    SELECT f.site_id, f.area, f.m, false, f.mk[3], f.mk[2] FROM fast_area f CROSS JOIN bounds b WHERE NOT f.mk[2] > b.e` : ''}
  ), late_area AS MATERIALIZED ( -- per area its first late point m, and the neighbours of the entry there
    -- (of the entries at m, the one with the earliest next, an unknown one as -infinity, which is
    -- never after E: a plain min over arrays, where array_agg(… ORDER BY …) sorted each area apart)
    -- Left out: an area whose log at the cutoff still had cover at E, so nothing of its site's
    -- judgement changes (QUIET_LATE_AREA).
    SELECT site_id, area, m, corr, m_prev, m_next FROM (
      SELECT g.site_id, g.area, g.m, g.corr, g.mk[3] AS m_prev, g.mk[2] AS m_next, b.e, hm.h_min FROM (
        SELECT site_id, area, min(at) AS m, bool_or(corr) AS corr, min(ARRAY[at, coalesce(next, '-infinity'), coalesce(prev, '-infinity')]) AS mk
        FROM late_point GROUP BY site_id, area) g
      CROSS JOIN bounds b
      LEFT JOIN (SELECT area, make_interval(hours => min(max_interval_hours)) AS h_min FROM disinfection_rule GROUP BY area) hm ON hm.area = g.area) g
    WHERE NOT (${QUIET_LATE_AREA})
  ), changed AS (SELECT site_id, bool_or(corr) AS corr FROM late_area GROUP BY site_id)`;
const CHANGED = changedCtes(false);

/**
 * A walked site has a correction recorded by the cutoff (then its entries' effectiveness is
 * probed, \`effective\`): once per site here, not per required area (but per walked late area of
 * an adjusted site: a few).
 */
const siteCorrected = (siteId: string) => `EXISTS (SELECT 1 FROM disinfection_entry c WHERE ${utc('c.recorded_at')} <= ${CUTOFF} AND c.corrects_id IS NOT NULL AND c.site_id::text = ${siteId}::text)`;

const judgedSitesCtes = `bounds AS (SELECT least($2::timestamptz, $3::timestamptz) AS e),
  ${CHANGED},
  judged_site AS (
    SELECT s.id AS site_id, s.kind, s.created_at, ${SITE_START} AS start, b.e,
           (${WALK_EVERY_SITE} OR s.id IN (SELECT site_id FROM changed)) AS walk, false AS by_sets, false AS adj,
           CASE WHEN ${WALK_EVERY_SITE} OR s.id IN (SELECT site_id FROM changed) THEN ${siteCorrected('s.id')} ELSE false END AS corrected
    FROM site s CROSS JOIN bounds b
    WHERE ${SITE_JUDGED} AND s.kind IN (SELECT site_kind FROM disinfection_rule)
  )`;

/**
 * An adjusted site's late area whose first late entry, at m, was written with no effective entry
 * from m up to E (migration DisinfectionEntryNeighbours: its next after E; one not known is
 * -infinity in late_area). That entry was recorded after the cutoff, so every entry effective at
 * the cutoff was there when it was written: none of them lies in [m, E], and the last before m
 * is its previous one (the entries before m are the same then and now: any other would be a late
 * point before m). So, from q, the later of the area's origin and that entry, the cutoff's log has
 * nothing up to E: the area failed, and is in breach at E, exactly when E - q exceeds its interval
 * (adj_known), with no entry read. The others are walked (req_q, its second branch). Both read
 * the adjusted sites from `adjusted` (each site read once, by its key, in changed_there), not
 * from judged_site: a few thousand of them as of a past cutoff at province, which judged_site
 * would hash against every site.
 */
const ADJ_KNOWN = `adj_late AS ( -- an adjusted site's late areas (of a rule in force at E): known from its neighbours, or walked
    SELECT a.site_id, a.kind, a.created_at, a.slot, r.area, r.starts_at, make_interval(hours => r.max_interval_hours) AS h, b.e, la.m_prev, la.m_next > b.e AS known
    FROM adjusted a JOIN late_area la ON la.site_id = a.site_id JOIN disinfection_rule r ON r.site_kind = a.kind AND r.area = la.area CROSS JOIN bounds b
    WHERE r.starts_at <= b.e
  ), adj_known AS (SELECT site_id, kind, slot, area, e - greatest(created_at, starts_at, m_prev) > h AS lapsed FROM adj_late WHERE known)`;

/**
 * Through the day sets, what the adjusted sites' late areas change (see disinfectionDaysSql): each
 * such area is in the sets as its log is now, which the sets judge (failed_now, breach_now; its
 * site in breach now); as the log stood at the cutoff it failed exactly when it failed now or its
 * walk from q (or from the start) fails, and it is in breach at E when its walk says so (which it
 * is whenever it is now). So each adds a failure, a breach, and its site one in breach, only
 * where the cutoff's judgement has one and the sets do not.
 *
 * FAST_LAPSED: a fast area (changedCtes) known from its neighbours is an adjusted site's late area
 * judged as adj_known judges it, and it lapsed: its first late entry, at m, is one of the
 * arrivals read, so its lapse_from, the later of the area's origin and m_prev plus the interval
 * (the site's creation and the rule as they are now: a change rebuilds the arrivals), is before
 * E. So it failed and is in breach at E as the cutoff's log stood, with no rule or site read.
 */
const ADJ_FIGURES = `adj_area AS (
    SELECT wj.site_id, wj.kind, wj.slot, wj.slot * r.n + r.idx AS p, wj.failed, wj.breach FROM (
      -- (only those failed or in breach as the cutoff's log stood: the others add nothing; the slot
      -- as changed_there read it)
      SELECT w.site_id, w.kind, w.area, ss.slot, NOT w.met AS failed, w.breach_at_end AS breach
      FROM walked_judged w JOIN site_slot ss ON ss.site_id = w.site_id WHERE w.adj AND (NOT w.met OR w.breach_at_end)
      UNION ALL
      SELECT site_id, kind, area, slot, lapsed, lapsed FROM adj_known WHERE lapsed AND slot IS NOT NULL
      UNION ALL -- the fast areas known from their neighbours: each lapsed (FAST_LAPSED)
      SELECT f.site_id, f.kind, f.area, f.slot, true, true FROM fast_area f CROSS JOIN bounds b WHERE f.mk[2] > b.e) wj
    JOIN rule r ON r.site_kind = wj.kind AND r.area = wj.area
  ), adj_now AS MATERIALIZED ( -- each bit read where its bitmap is joined (one per kind and chunk; materialized: a row
    -- carries its three bits, never a whole bitmap, to the count)
    SELECT a.site_id, a.kind, a.failed, a.breach,
           coalesce(get_bit(d.bits, a.p % ${DAY_SET_BITS}) = 1, false) OR (a.kind, a.p) IN (SELECT kind, p FROM t WHERE in_rest) AS failed_now,
           coalesce(get_bit(oa.bits, a.p % ${DAY_SET_BITS}) = 1, false) OR (a.kind, a.p) IN (SELECT kind, p FROM t WHERE at_end) AS breach_now,
           coalesce(get_bit(os.bits, a.slot % ${DAY_SET_BITS}) = 1, false) OR a.site_id IN (SELECT site_id FROM t WHERE at_end) AS site_breach_now
    FROM adj_area a
    LEFT JOIN day_bits d ON d.kind = a.kind AND d.chunk = a.p / ${DAY_SET_BITS}
    LEFT JOIN open_bits oa ON oa.what = 'a' AND oa.kind = a.kind AND oa.chunk = a.p / ${DAY_SET_BITS}
    LEFT JOIN open_bits os ON os.what = 's' AND os.kind = a.kind AND os.chunk = a.slot / ${DAY_SET_BITS}
  ), adj_figures AS (
    SELECT kind, (count(*) FILTER (WHERE failed AND NOT failed_now))::int AS failed, (count(*) FILTER (WHERE breach AND NOT breach_now))::int AS breach,
           (count(DISTINCT site_id) FILTER (WHERE breach AND NOT site_breach_now))::int AS sites_in_breach
    FROM adj_now GROUP BY kind
  )`;

/**
 * The walked sites judged entry by entry, and the figures per kind: the sites judged from their
 * lapses (counted here, their failures and breaches from lapse_figures) and the walked ones.
 */
const walkAndFiguresCtes = (bySets: boolean) => `${bySets ? `${ADJ_KNOWN}, ` : ''}req AS ( -- per required area (of a rule in force at E): its origin o, and its judged stretch from the later of the site's start and o
    SELECT js.site_id, js.kind, r.area, js.by_sets, js.adj, make_interval(hours => r.max_interval_hours) AS h,
           least(greatest(js.start, js.created_at, r.starts_at), js.e) AS start, greatest(js.created_at, r.starts_at) AS o, js.e,
           js.corrected
    FROM judged_site js JOIN disinfection_rule r ON r.site_kind = js.kind WHERE (js.walk OR js.adj) AND r.starts_at <= js.e
      -- (of a site judged through the day sets, only its areas with a late point: the others are
      -- left in the sets, met here, and counted per site in per_kind without a row each; of an
      -- adjusted site likewise, see adj_figures)
      AND (NOT (js.by_sets OR js.adj) OR EXISTS (SELECT 1 FROM late_area la WHERE la.site_id = js.site_id AND la.area = r.area))${bySets ? `
    UNION ALL -- an adjusted site's late areas not judged from their neighbours (adj_known)
    SELECT site_id, kind, area, false, true, h, least(greatest($1::timestamptz, created_at, starts_at), e), greatest(created_at, starts_at), e, ${siteCorrected('site_id')}
    FROM adj_late WHERE NOT known` : ''}
  ), req_q AS MATERIALIZED (
    -- q: the area's last point (the origin or an entry effective now) before its first late point m
    -- (or by E, if none). Up to q its log at the cutoff is its log now, and so are its lapses ending
    -- by q: its stretch up to q is judged from them, and only what follows q is walked (for a
    -- report as of a past cutoff, the few hours before it), when q is within the stretch.
    -- An area of a walked site with no late point (la.m NULL) is judged from its lapses instead
    -- (by_lapses): its log up to E at the cutoff is its log now, as for a site judged from its
    -- lapses; only the areas with a late point are walked. Through the day sets (by_sets: a site
    -- there since from), such an area is left in the sets and counted there (only_sets), here
    -- as met and not in breach; the site's own breach then adds co_breach.
    --
    -- Both from one scan of the area's effective entries in [m - h, E] (w; after o): q is the last
    -- before m (an entry before m effective now is effective at the cutoff and the other way round:
    -- one recorded, or corrected, after the cutoff would be a late point before m), and what the
    -- walk from q reads, the entries of [m, E] effective at the cutoff (none lies between q and m),
    -- with their first, last and longest gap. Only when no entry lies in [m - h, m) and the origin
    -- is before m - h is q looked for further back (a probe: that q changes no figure, as the
    -- area failed and, with no entry after m, is in breach at E either way, but it keeps the walk
    -- starting at q rather than at the period's start).
    SELECT req.*, NOT ${WALK_EVERY_SITE} AND la.m IS NULL AS by_lapses, NOT ${WALK_EVERY_SITE} AND la.m IS NULL AND req.by_sets AS only_sets,
           w.first_at AS w_first_at, w.last_at AS w_last_at, w.max_gap AS w_max_gap,
           CASE WHEN ${WALK_EVERY_SITE} OR la.m IS NULL THEN NULL WHEN w.q IS NOT NULL THEN w.q WHEN req.o >= la.m - req.h THEN req.o ELSE greatest(req.o, (
      SELECT e.started_at FROM disinfection_entry e
      WHERE e.site_id = req.site_id AND e.area = req.area AND e.started_at > req.o AND e.started_at < la.m - req.h AND ${effective('e')}
      ORDER BY e.started_at DESC LIMIT 1)) END AS q
    FROM req LEFT JOIN late_area la ON la.site_id = req.site_id AND la.area = req.area
    LEFT JOIN LATERAL (
      SELECT max(g.at) FILTER (WHERE g.at < la.m) AS q, min(g.at) FILTER (WHERE g.at >= la.m) AS first_at, max(g.at) FILTER (WHERE g.at >= la.m) AS last_at,
             max(g.at - g.prev) FILTER (WHERE g.prev >= la.m) AS max_gap FROM (
        SELECT e.started_at AS at, lag(e.started_at) OVER (ORDER BY e.started_at) AS prev FROM disinfection_entry e
        WHERE NOT ${WALK_EVERY_SITE} AND la.m IS NOT NULL AND e.site_id = req.site_id AND e.area = req.area
          AND e.started_at > req.o AND e.started_at >= la.m - req.h AND e.started_at <= req.e AND ${effective('e')}) g) w ON true
  ), walk_from AS (SELECT req_q.*, coalesce(q >= start, false) AS from_q FROM req_q
  ), walked AS ( -- the origin counts as an entry (the area is covered for one interval after it)
    SELECT req.site_id, req.kind, req.area, req.adj, req.h, req.e, req.by_lapses, req.only_sets, lj.failed AS lapse_failed, lj.at_end AS lapse_at_end,
           CASE WHEN req.from_q THEN req.q WHEN req.o > req.start - req.h THEN greatest(p.at, req.o) ELSE p.at END AS before_at,
           CASE WHEN req.from_q THEN req.w_first_at ELSE x.first_at END AS first_at, CASE WHEN req.from_q THEN req.w_last_at ELSE x.last_at END AS last_at,
           CASE WHEN req.from_q THEN req.w_max_gap ELSE x.max_gap END AS max_gap,
           -- up to q: a lapse ended by q under way at some instant of the stretch (for an adjusted
           -- area the sets say it: adj_figures)
           req.from_q AND NOT req.adj AND EXISTS (SELECT 1 FROM disinfection_lapse l WHERE l.site_id = req.site_id AND l.area = req.area AND l.gap_to <= req.q AND l.gap_to > req.start) AS failed_to_q
    FROM walk_from req
    LEFT JOIN LATERAL (
      SELECT e.started_at AS at FROM disinfection_entry e
      WHERE NOT req.from_q AND NOT req.by_lapses AND e.site_id = req.site_id AND e.area = req.area AND e.started_at > req.start - req.h AND e.started_at <= req.start AND ${effective('e')}
      ORDER BY e.started_at DESC LIMIT 1) p ON true
    CROSS JOIN LATERAL (
      SELECT min(at) AS first_at, max(at) AS last_at, max(gap) AS max_gap FROM (
        SELECT e.started_at AS at, e.started_at - lag(e.started_at) OVER (ORDER BY e.started_at) AS gap FROM disinfection_entry e
        WHERE NOT req.by_lapses AND NOT req.from_q AND e.site_id = req.site_id AND e.area = req.area AND e.started_at > req.start AND e.started_at <= req.e AND ${effective('e')}) g) x
    LEFT JOIN LATERAL ( -- an area judged from its lapses: failed, and in breach at E, as lapsed_area has it
      SELECT bool_or(${LAPSE_FAILS('l', 'req')}) AS failed, bool_or(${LAPSE_AT_END('l', 'req')}) AS at_end
      FROM disinfection_lapse l WHERE req.by_lapses AND NOT req.only_sets AND l.site_id = req.site_id AND l.area = req.area AND l.gap_to > req.start) lj ON true
  ), walked_judged AS (
    SELECT site_id, kind, area, adj,
           CASE WHEN only_sets THEN true WHEN by_lapses THEN NOT coalesce(lapse_failed, false)
                ELSE coalesce(NOT failed_to_q AND before_at IS NOT NULL AND coalesce(first_at - before_at <= h, true) AND coalesce(max_gap <= h, true) AND e - coalesce(last_at, before_at) <= h, false) END AS met,
           CASE WHEN only_sets THEN false WHEN by_lapses THEN coalesce(lapse_at_end, false) ELSE coalesce(coalesce(last_at, before_at) < e - h, true) END AS breach_at_end
    FROM walked
  ), ${bySets ? `${ADJ_FIGURES}, ` : ''}rc AS (SELECT site_kind, count(*)::int AS n FROM disinfection_rule, bounds b WHERE starts_at <= b.e GROUP BY site_kind
  ), per_kind AS ( -- the sites judged from their lapses (lapse_sites), their failures, and the walked sites
    SELECT ls.kind, ls.n::int AS sites, (ls.n * rc.n)::int AS requirements, 0 AS failed, 0 AS breach, 0 AS sites_in_breach
    FROM lapse_sites ls JOIN rc ON rc.site_kind = ls.kind
    UNION ALL
    SELECT kind, 0, 0, failed, breach, sites_in_breach FROM lapse_figures
    UNION ALL${bySets ? `
    SELECT kind, 0, 0, failed, breach, sites_in_breach FROM adj_figures
    UNION ALL` : ''}
    -- (every walked site has a requirement per rule in force at E, rc.n: a row of walked_judged
    -- each, or, through the day sets, a row for each area with a late point and the rest met)
    SELECT w.kind, count(*)::int, sum(rc.n)::int, sum(w.rows - w.met)::int, sum(w.breach)::int,
           (count(*) FILTER (WHERE w.breach > 0${bySets ? ' OR w.site_id IN (SELECT site_id FROM co_breach)' : ''}))::int
    FROM (SELECT js.site_id, js.kind, count(wj.site_id)::int AS rows, (count(*) FILTER (WHERE wj.met))::int AS met, (count(*) FILTER (WHERE wj.breach_at_end))::int AS breach
          FROM judged_site js LEFT JOIN walked_judged wj ON wj.site_id = js.site_id WHERE js.walk GROUP BY js.site_id, js.kind) w
    JOIN rc ON rc.site_kind = w.kind
    GROUP BY w.kind
  )
  SELECT kind AS "siteKind",
         sum(sites)::int AS sites,
         sum(requirements)::int AS requirements,
         (sum(requirements) - sum(failed))::int AS "requirementsMet",
         sum(breach)::int AS "requirementsInBreachAtEnd",
         sum(sites_in_breach)::int AS "sitesInBreachAtEnd"
  FROM per_kind GROUP BY kind HAVING sum(sites) > 0 ORDER BY kind`;

/**
 * Disinfection compliance per site kind. Requirements are (site, required area) pairs of the
 * sites that existed and were active at the end E = least(to, cutoff), for the rules in force at
 * E. An area's origin is the later of the site's registration and the rule's start: it counts as
 * an entry (the first interval runs from it; entries before it do not count). An area met its
 * requirement over the period when, from the later of the period start and its origin until E,
 * no stretch without an effective entry (or the origin) was longer than its interval, the first
 * stretch beginning at the last of them at or before that start; it is in breach at E when the
 * last of them is older than the interval. disinfectionCompliance (a site's gaps) follows the
 * same rule: an area failed exactly when it shows a gap, and is in breach at E exactly when a
 * gap ends at E. Kinds without judged sites are left out.
 *
 * Two ways to the same judgement, chosen per site:
 *  - A site whose log up to E is as it was at the cutoff (no entry started by E, nor a correction
 *    of one, recorded after the cutoff: see CHANGED; so the entries effective then up to E are
 *    those effective now, and so are its lapses up to E) is judged from its lapses
 *    (DisinfectionLapses migration): the stretches in which cover had run out, kept as entries
 *    are written. Its area failed the period when a lapse is under way at some instant of it
 *    (the bounds as the entry-by-entry rule has them: an entry exactly one interval after the
 *    last keeps cover, one before the start counts only within one interval), and is in breach
 *    at E when one is under way at E. That reads the lapses that touch the period (few where
 *    sites keep their logs), not every entry of it.
 *  - A site with such entries (a late entry, a correction) is judged entry by entry as its log stood at the cutoff (`walked`): the last effective entry at or before the
 *    start (within one interval), then the effective entries up to E reduced to their first,
 *    last and longest gap, through the (site_id, area, started_at) index. For a report up to now
 *    there are none.
 * tests/integration/report-disinfection-lapse.test.ts holds the two to the same answers.
 */
export const disinfectionSql = (byDistrict: boolean) => `
  WITH ${judgedSitesCtes},
  touching AS MATERIALIZED ( -- the lapses that touch the period, through the range index, whatever the planner guesses of judged_site
    SELECT l.site_id, l.area, l.gap_to, l.lapse_from FROM disinfection_lapse l
    -- [start, E] of every site lies in [least(from, E), E] (E is before the period starts when the cutoff is).
    WHERE tstzrange(l.lapse_from, l.gap_to, '[]') && tstzrange(least($1::timestamptz, $2::timestamptz, $3::timestamptz), least($2::timestamptz, $3::timestamptz), '[]')${
      // A district's: those of its sites only, through the (site_id, area, gap_to) index, not the area's.
      byDistrict ? `
      AND l.site_id = ANY(ARRAY(SELECT ds.id FROM site ds WHERE ds.district = $4::text))` : ''}
  ), lapsed_area AS ( -- per (site, area) with a lapse touching the period: joined to site itself, whose statistics the planner knows
    SELECT l.site_id, l.area, s.kind,
           -- A lapse under way at some instant of [start, E] (one that ended by E began before it: lapse_from < gap_to).
           bool_or(${LAPSE_FAILS('l')}) AS failed,
           -- One still under way at E.
           bool_or(${LAPSE_AT_END('l')}) AS breach_at_end
    FROM touching l JOIN site s ON s.id = l.site_id CROSS JOIN bounds b
    WHERE ${SITE_JUDGED} AND NOT ${WALK_EVERY_SITE} AND NOT EXISTS (SELECT 1 FROM changed WHERE changed.site_id = l.site_id)
    GROUP BY l.site_id, l.area, s.kind
  ), lapse_sites AS (SELECT kind, count(*) AS n FROM judged_site WHERE NOT walk GROUP BY kind
  ), lapse_figures AS (
    SELECT kind, sum(failed)::int AS failed, sum(breach)::int AS breach, (count(*) FILTER (WHERE breach > 0))::int AS sites_in_breach FROM (
      SELECT la.site_id, la.kind, (count(*) FILTER (WHERE la.failed))::int AS failed, (count(*) FILTER (WHERE la.breach_at_end))::int AS breach
      FROM lapsed_area la JOIN disinfection_rule r ON r.site_kind = la.kind AND r.area = la.area
      GROUP BY la.site_id, la.kind) per_site
    GROUP BY kind
  ), ${walkAndFiguresCtes(false)}`;

/**
 * The bitmaps of what disinfectionDaysSql masks out of the sets (CTE \`name\`; \`what\` 'a' the
 * areas, 's' the sites): the kept mask of the sites no longer active (migration
 * ReportInactiveSiteMask) less the revived ones' members, with the other excepted sites'
 * members. Apart per \`what\`, so that the sites' bitmaps are only built when the open sets are
 * read.
 */
const exceptedBits = (name: string, what: 'a' | 's', members: string, revived: string) => `${name}_words AS MATERIALIZED (${WORDS(`(SELECT 'x' AS own, m.* FROM (${members}) m(kind, p) UNION ALL SELECT 'r', r.* FROM (${revived}) r(kind, p))`, ['own', 'kind'])}
  ), ${name}_own AS MATERIALIZED (${BITS_OF_WORDS(`${name}_words`, ['own', 'kind'])}
  ), ${name} AS MATERIALIZED (
    SELECT kind, chunk, bit_or(bits) AS bits FROM (
      SELECT m.kind, m.chunk, m.bits & ~coalesce(r.bits, one.b & ~one.b) AS bits
      FROM report_site_mask m CROSS JOIN one LEFT JOIN ${name}_own r ON r.own = 'r' AND r.kind = m.kind AND r.chunk = m.chunk
      WHERE m.what = '${what}' AND m.kind IN (SELECT kind FROM kinds)
      UNION ALL SELECT kind, chunk, bits FROM ${name}_own WHERE own = 'x') x
    GROUP BY kind, chunk`;

/**
 * The whole area's compliance through the day sets (migration ComplianceDaySets): the same
 * figures as disinfectionSql(false), for a period with from < E. A site judged from its lapses
 * that existed when the period began (`old`: its judged stretch is [from, E]) failed an area
 * when the area is in the set of one of the period's built whole days or whole hours of its
 * partial days, or a lapse of it touches what they leave of [from, E] (the partial hours at both
 * ends, and anything not built). It is in breach at E when it is in the open sets (its open-ended
 * lapse began before E's hour; all of E's day built), in E's hour's through set (an ended lapse
 * covers that hour: migration ComplianceThroughSets) or a lapse of it read here is under way at E.
 * The sets hold every site's areas; the sites that are not judged that way here (not judged at
 * E, created after from, or walked) are masked out of them (`excepted`; those no longer active
 * through the mask kept of them, report_site_mask, less the few still active at E) and judged as
 * in disinfectionSql: created after from, from their own lapses; with a late entry, entry by entry.
 * A site there since from whose late points are only entries recorded after the cutoff (no
 * correction: `adjusted`) stays in the sets, and each of its late areas adds what the cutoff's
 * log changes (ADJ_FIGURES); of a site with a correction among them (`changed_old`) only the late
 * areas are masked out and walked.
 * What is read: one bitmap per built day or hour, kind and 8192 areas (or sites), the lapses of
 * the partial hours and those ended after E (with E's hour's through set, only those ending in
 * that hour), the lapses of sites created during the period, one
 * count of the active sites per kind. tests/integration/report-disinfection-days.test.ts holds
 * it to the entry-by-entry walk.
 */
export const disinfectionDaysSql = `
  WITH bounds AS (SELECT least($2::timestamptz, $3::timestamptz) AS e),
  ${changedCtes(true)},
  kinds AS (SELECT DISTINCT site_kind AS kind FROM disinfection_rule),
  rule AS (
    SELECT site_kind, area, (row_number() OVER (PARTITION BY site_kind ORDER BY area) - 1)::int AS idx, (count(*) OVER (PARTITION BY site_kind))::int AS n
    FROM disinfection_rule
  ), one AS (SELECT ('1' || repeat('0', ${DAY_SET_BITS - 1}))::bit(${DAY_SET_BITS}) AS b
  ), changed_there AS MATERIALIZED ( -- the sites with a late point there since from and judged at E (each by its key, OFFSET 0: not a hash of every site),
    -- with the slot of their bits (read here once per site, not once per late area in adj_area)
    SELECT c.site_id, c.corr, s.kind, s.created_at, ss.slot FROM changed c CROSS JOIN bounds b
    CROSS JOIN LATERAL (SELECT s.kind, s.created_at, s.status, s.updated_at FROM site s WHERE s.id = c.site_id OFFSET 0) s
    LEFT JOIN LATERAL (SELECT ss.slot FROM site_slot ss WHERE ss.site_id = c.site_id OFFSET 0) ss ON true
    WHERE s.created_at <= $1::timestamptz AND (s.status = 'ACTIVE' OR s.updated_at > b.e)
  ), changed_old AS MATERIALIZED ( -- those with a correction among them, walked: only their areas with a late point are kept out of the sets
    SELECT site_id FROM changed_there WHERE corr
  ), adjusted AS MATERIALIZED ( -- the others, left in the sets: what their late areas change is added (adj_known, adj_figures), with no row in judged_site
    SELECT site_id, kind, created_at, slot FROM changed_there WHERE NOT corr
  ), judged_site AS MATERIALIZED ( -- the judged sites that are walked or were created after from: few, each by its key
    -- (a changed site not in changed_there was created after from, or is not judged at E)
    SELECT s.id AS site_id, s.kind, s.created_at, ${SITE_START} AS start, b.e, k.walk, k.by_sets, false AS adj,
           CASE WHEN k.walk THEN ${siteCorrected('s.id')} ELSE false END AS corrected
    FROM (SELECT site_id, true AS walk, true AS by_sets FROM changed_old -- (there since from: none of them is in the second)
          UNION ALL
          SELECT x.id, x.id IN (SELECT site_id FROM changed), false FROM site x WHERE x.created_at > $1::timestamptz) k
    CROSS JOIN LATERAL (SELECT s.id, s.kind, s.created_at, s.status, s.updated_at, s.district FROM site s WHERE s.id = k.site_id OFFSET 0) s CROSS JOIN bounds b
    WHERE ${SITE_JUDGED} AND s.kind IN (SELECT kind FROM kinds)
  ), lapse_sites AS ( -- the sites judged from their lapses, per kind: active now (kept per kind, migration ReportSiteCount), corrected to E, less the walked
    SELECT kind, sum(n) AS n FROM (
      SELECT c.kind, c.active::bigint AS n FROM report_site_count c WHERE c.kind IN (SELECT kind FROM kinds)
      UNION ALL -- created after E
      SELECT s.kind, -count(*) FROM site s, bounds b WHERE s.created_at > b.e AND s.status = 'ACTIVE' AND s.kind IN (SELECT kind FROM kinds) GROUP BY s.kind
      UNION ALL -- no longer active, but changed after E: taken as active then (as SITE_JUDGED has it)
      SELECT s.kind, count(*) FROM site s, bounds b WHERE s.updated_at > b.e AND s.status <> 'ACTIVE' AND s.created_at <= b.e AND s.kind IN (SELECT kind FROM kinds) GROUP BY s.kind
      UNION ALL
      SELECT kind, -count(*) FROM judged_site WHERE walk GROUP BY kind
    ) x GROUP BY kind HAVING sum(n) > 0
  ), excepted_site AS MATERIALIZED ( -- the sites not judged here from the day sets, but those no longer active (report_site_mask): created after from, or walked
    SELECT s.id FROM site s WHERE s.created_at > $1::timestamptz
    UNION SELECT site_id FROM changed WHERE site_id NOT IN (SELECT site_id FROM adjusted)
  ), excepted_slot AS MATERIALIZED ( -- their slots, each by its key (OFFSET 0: not a hash of every site's slot for a few hundred)
    SELECT x.id AS site_id, ss.kind, ss.slot FROM excepted_site x CROSS JOIN LATERAL (SELECT ss.kind, ss.slot FROM site_slot ss WHERE ss.site_id = x.id OFFSET 0) ss
  ), revived_slot AS MATERIALIZED ( -- the sites no longer active but changed after E, judged as active then (SITE_JUDGED): out of the mask
    SELECT ss.kind, ss.slot FROM site s CROSS JOIN bounds b CROSS JOIN LATERAL (SELECT ss.kind, ss.slot FROM site_slot ss WHERE ss.site_id = s.id OFFSET 0) ss
    WHERE s.status <> 'ACTIVE' AND s.updated_at > b.e
  ), excepted_area AS ( -- every area of them, but of a walked site there since from only those with a late point
    SELECT ss.kind, ss.slot * r.n + r.idx AS p
    FROM excepted_slot ss JOIN rule r ON r.site_kind = ss.kind
    WHERE ss.site_id NOT IN (SELECT site_id FROM changed_old)
    UNION ALL
    SELECT ss.kind, ss.slot * r.n + r.idx
    FROM excepted_slot ss JOIN rule r ON r.site_kind = ss.kind
    WHERE ss.site_id IN (SELECT site_id FROM changed_old) AND EXISTS (SELECT 1 FROM late_area la WHERE la.site_id = ss.site_id AND la.area = r.area)
  ), ${exceptedBits('excepted_bits', 'a', `SELECT kind, p FROM excepted_area`, `SELECT ss.kind, ss.slot * r.n + r.idx FROM revived_slot ss JOIN rule r ON r.site_kind = ss.kind`)}
  ), ${exceptedBits('excepted_site_bits', 's', `SELECT kind, slot FROM excepted_slot`, `SELECT kind, slot FROM revived_slot`)}
  ), built AS MATERIALIZED ( -- the period's whole UTC days whose sets are built
    SELECT rd.day FROM report_day rd, bounds b
    WHERE rd.section = 'compliance' AND rd.day >= ((${FROM} - interval '1 microsecond')::date + 1) AND rd.day < (b.e AT TIME ZONE 'UTC')::date
  ), built_hours AS MATERIALIZED ( -- and the whole hours of the partial days whose touch sets are built
    SELECT rh.hour FROM report_hour rh, bounds b
    WHERE rh.section = 'touch' AND rh.hour >= $1::timestamptz AND rh.hour + interval '1 hour' <= b.e
  ), rest AS MATERIALIZED ( -- what they leave of [from, E]: the partial hours at both ends, and any day or hour not built
    SELECT lower(c) AS a, upper(c) AS z FROM bounds b,
      unnest(tstzmultirange(tstzrange($1::timestamptz, b.e))
             - coalesce((SELECT range_agg(tstzrange(${dayStart('day')}, ${dayStart('day + 1')})) FROM built), '{}')
             - coalesce((SELECT range_agg(tstzrange(hour, hour + interval '1 hour')) FROM built_hours), '{}')) c
  ), open_hours AS MATERIALIZED ( -- the open sets for "in breach at E": E's day before E's hour, if all are built
    SELECT rh.section, rh.hour FROM report_hour rh, bounds b
    WHERE (rh.section = 'open_before' AND rh.hour = ${utcOf("date_trunc('day', b.e AT TIME ZONE 'UTC')")})
       OR (rh.section = 'open' AND rh.hour >= ${utcOf("date_trunc('day', b.e AT TIME ZONE 'UTC')")} AND rh.hour < ${utcOf("date_trunc('hour', b.e AT TIME ZONE 'UTC')")})
  ), open_ok AS (
    SELECT count(*) FILTER (WHERE section = 'open_before') = 1
           AND count(*) FILTER (WHERE section = 'open') = extract(epoch FROM date_trunc('hour', b.e AT TIME ZONE 'UTC') - date_trunc('day', b.e AT TIME ZONE 'UTC'))::int / 3600 AS ok
    FROM bounds b LEFT JOIN open_hours ON true GROUP BY b.e
  ), through_hour AS MATERIALIZED ( -- E's hour's through set (migration ComplianceThroughSets), if built, unless the rest
    -- is the whole period (then the lapses under way at E are read, as they may fail the period: see touching)
    SELECT rh.hour FROM report_hour rh, bounds b
    WHERE rh.section = 'through' AND rh.hour = ${utcOf("date_trunc('hour', b.e AT TIME ZONE 'UTC')")}
      AND coalesce((SELECT max(rest.a) FROM rest WHERE rest.z = b.e), b.e) > $1::timestamptz
  ), open_bits AS MATERIALIZED ( -- the areas ('a') and sites ('s') whose open-ended lapse began before E's hour, and
    -- with E's hour's through set, those with an ended lapse covering that hour: all in breach at E
    SELECT x.kind, x.what, x.chunk, bit_or(x.bits) AS bits FROM (
      SELECT x.kind, x.what, x.chunk, x.bits FROM report_hour_set x WHERE (SELECT ok FROM open_ok) AND (x.section, x.hour) IN (SELECT section, hour FROM open_hours)
      UNION ALL
      SELECT x.kind, x.what, x.chunk, x.bits FROM report_hour_set x WHERE x.section = 'through' AND x.hour IN (SELECT hour FROM through_hour)) x
    GROUP BY x.kind, x.what, x.chunk
  ), touching AS MATERIALIZED (
    -- The lapses that touch the rest and are in no built day's set: each begins in a stretch of
    -- the rest, or ends in one (having begun before it), or covers the rest's last stretch and
    -- so is under way at E (one that covers any other stretch touches the built day after it).
    -- With them, every lapse under way at E, once: those that began in the rest are in the first,
    -- the others began before it and are open-ended or end after E.
    -- (Per stretch, index-only on lapse_from, ended and open-ended apart, and on gap_to; OFFSET 0:
    -- whatever the planner guesses of the stretches.)
    SELECT l.*, true AS in_rest FROM rest CROSS JOIN LATERAL (
      SELECT l.site_id, l.area, l.gap_to, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to <> 'infinity' AND l.lapse_from >= rest.a AND l.lapse_from < rest.z
      UNION ALL
      SELECT l.site_id, l.area, 'infinity'::timestamptz, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to = 'infinity' AND l.lapse_from >= rest.a AND l.lapse_from < rest.z OFFSET 0) l
    UNION ALL
    SELECT l.*, true FROM rest CROSS JOIN LATERAL (
      SELECT l.site_id, l.area, l.gap_to, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to > rest.a AND l.gap_to <= rest.z AND l.lapse_from < rest.a OFFSET 0) l
    UNION ALL -- (those that began in the rest's last stretch, if it ends at E, are in the first; the
    -- open-ended ones that began before it are in the open sets, if built, and then, unless the
    -- rest is the whole period, also in the set of the built hour or day before that stretch; so
    -- are the ended ones that cover E's hour, with its through set)
    SELECT l.*, EXISTS (SELECT 1 FROM rest WHERE l.gap_to > rest.a AND l.lapse_from < rest.z)
    FROM (SELECT b.e, x.lim, (SELECT ok FROM open_ok) AND x.lim > $1::timestamptz AS by_sets,
                 EXISTS (SELECT 1 FROM through_hour) AS through, (SELECT hour FROM through_hour) + interval '1 hour' AS h1
          FROM bounds b CROSS JOIN LATERAL (SELECT coalesce((SELECT max(rest.a) FROM rest WHERE rest.z = b.e), b.e) AS lim) x) b CROSS JOIN LATERAL (
      SELECT l.site_id, l.area, 'infinity'::timestamptz AS gap_to, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to = 'infinity' AND l.lapse_from < b.lim AND NOT b.by_sets
      UNION ALL
      SELECT l.site_id, l.area, l.gap_to, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to > b.e AND l.gap_to < 'infinity' AND l.lapse_from < b.lim AND NOT b.through
      UNION ALL -- with E's hour's through set, only those under way at E that do not cover the hour: ending in it (after E),
      SELECT l.site_id, l.area, l.gap_to, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to > b.e AND l.gap_to < b.h1 AND l.lapse_from < b.lim AND b.through
      UNION ALL -- or beginning in it (before lim: none, as lim is never after the hour's start, but the bound holds whatever)
      SELECT l.site_id, l.area, l.gap_to, l.lapse_from FROM disinfection_lapse l
      WHERE l.gap_to <> 'infinity' AND l.gap_to >= b.h1 AND l.lapse_from >= b.h1 - interval '1 hour' AND l.lapse_from < b.lim AND b.through
      UNION ALL -- and one that began at the very instant E (under way at E only for a site created at E)
      SELECT l.site_id, l.area, 'infinity'::timestamptz, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to = 'infinity' AND l.lapse_from = b.e
      UNION ALL
      SELECT l.site_id, l.area, l.gap_to, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to <> 'infinity' AND l.lapse_from = b.e AND l.gap_to > b.e) l
    WHERE NOT EXISTS (SELECT 1 FROM rest WHERE l.lapse_from >= rest.a AND l.lapse_from < rest.z)
  ), day_bits AS MATERIALIZED ( -- the areas in a built day's or hour's set
    SELECT x.kind, x.chunk, bit_or(x.bits) AS bits FROM (
      SELECT ds.kind, ds.chunk, ds.bits FROM report_day_set ds WHERE ds.section = 'compliance' AND ds.day IN (SELECT day FROM built)
      UNION ALL
      SELECT hs.kind, hs.chunk, hs.bits FROM report_hour_set hs WHERE hs.section = 'touch' AND hs.hour IN (SELECT hour FROM built_hours)) x
    GROUP BY x.kind, x.chunk
  ), t AS MATERIALIZED ( -- those of the sites judged here from the day sets (not excepted), with their area's bit:
    -- each lapse to its site's kind and slot first (a hash of site_slot), then to the rule (OFFSET 0 keeps that order)
    SELECT a.site_id, a.kind, a.slot, a.p, a.in_rest, a.at_end FROM (
      SELECT l.site_id, l.kind, l.slot, l.slot * r.n + r.idx AS p, l.in_rest, l.at_end FROM (
        SELECT l.site_id, l.area, ss.kind, ss.slot, l.in_rest, l.gap_to > b.e AND l.lapse_from < b.e AS at_end
        FROM touching l JOIN site_slot ss ON ss.site_id = l.site_id CROSS JOIN bounds b OFFSET 0) l
      JOIN rule r ON r.site_kind = l.kind AND r.area = l.area) a
    LEFT JOIN excepted_bits x ON x.kind = a.kind AND x.chunk = a.p / ${DAY_SET_BITS}
    WHERE x.bits IS NULL OR get_bit(x.bits, a.p % ${DAY_SET_BITS}) = 0
  ), young_area AS ( -- the sites created in the period (their stretch starts later): every lapse touching it, through the site's index
    SELECT js.site_id, js.kind, l.area, bool_or(${LAPSE_FAILS('l', 'js')}) AS failed, bool_or(${LAPSE_AT_END('l', 'js')}) AS at_end
    FROM judged_site js JOIN disinfection_lapse l ON l.site_id = js.site_id AND l.gap_to >= $1::timestamptz
    WHERE NOT js.walk AND js.start > $1::timestamptz
    GROUP BY js.site_id, js.kind, l.area
  ), co_breach AS ( -- the walked sites there since from with an area left in the sets in breach at E: in the open area sets, or under way at E in t
    SELECT t.site_id FROM t WHERE t.at_end AND t.site_id IN (SELECT site_id FROM changed_old)
    UNION
    SELECT ss.site_id FROM changed_old co JOIN site_slot ss ON ss.site_id = co.site_id JOIN rule r ON r.site_kind = ss.kind
    JOIN open_bits oa ON oa.what = 'a' AND oa.kind = ss.kind AND oa.chunk = (ss.slot * r.n + r.idx) / ${DAY_SET_BITS}
    WHERE get_bit(oa.bits, (ss.slot * r.n + r.idx) % ${DAY_SET_BITS}) = 1
      AND NOT EXISTS (SELECT 1 FROM late_area la WHERE la.site_id = co.site_id AND la.area = r.area)
  ), lapse_figures AS (
    SELECT kind, sum(failed)::int AS failed, sum(breach)::int AS breach, sum(sites_in_breach)::int AS sites_in_breach FROM (
      -- The sites there since from: the areas in a built day's set,
      SELECT d.kind, sum(bit_count(d.bits & ~coalesce(x.bits, one.b & ~one.b)))::int AS failed, 0 AS breach, 0 AS sites_in_breach
      FROM day_bits d LEFT JOIN excepted_bits x ON x.kind = d.kind AND x.chunk = d.chunk CROSS JOIN one GROUP BY d.kind
      UNION ALL -- those failed in the rest and in no such set,
      SELECT f.kind, (count(*) FILTER (WHERE d.bits IS NULL OR get_bit(d.bits, f.p % ${DAY_SET_BITS}) = 0))::int, 0, 0
      FROM (SELECT DISTINCT kind, p FROM t WHERE in_rest) f LEFT JOIN day_bits d ON d.kind = f.kind AND d.chunk = f.p / ${DAY_SET_BITS}
      GROUP BY f.kind
      UNION ALL -- and their areas (and sites) in breach at E: in the open sets,
      SELECT o.kind, 0, CASE WHEN o.what = 'a' THEN sum(bit_count(o.bits & ~coalesce(x.bits, one.b & ~one.b))) ELSE 0 END::int,
             CASE WHEN o.what = 's' THEN sum(bit_count(o.bits & ~coalesce(x.bits, one.b & ~one.b))) ELSE 0 END::int
      FROM open_bits o CROSS JOIN one
      LEFT JOIN LATERAL (SELECT e.bits FROM excepted_bits e WHERE o.what = 'a' AND e.kind = o.kind AND e.chunk = o.chunk
                         UNION ALL SELECT e.bits FROM excepted_site_bits e WHERE o.what = 's' AND e.kind = o.kind AND e.chunk = o.chunk) x ON true
      GROUP BY o.kind, o.what
      UNION ALL -- or under way at E and in none of them (one lapse each at most: an area's lapses do not overlap).
      SELECT b.kind, 0, count(*) FILTER (WHERE oa.bits IS NULL OR get_bit(oa.bits, b.p % ${DAY_SET_BITS}) = 0)::int,
             count(DISTINCT b.site_id) FILTER (WHERE NOT b.walked AND (os.bits IS NULL OR get_bit(os.bits, b.slot % ${DAY_SET_BITS}) = 0))::int
      FROM (SELECT t.*, t.site_id IN (SELECT site_id FROM changed_old) AS walked FROM t WHERE at_end) b
      LEFT JOIN open_bits oa ON oa.what = 'a' AND oa.kind = b.kind AND oa.chunk = b.p / ${DAY_SET_BITS}
      LEFT JOIN open_bits os ON os.what = 's' AND os.kind = b.kind AND os.chunk = b.slot / ${DAY_SET_BITS}
      GROUP BY b.kind
      UNION ALL -- the sites created in the period.
      SELECT kind, sum(failed)::int, sum(breach)::int, (count(*) FILTER (WHERE breach > 0))::int FROM (
        SELECT ya.site_id, ya.kind, count(*) FILTER (WHERE ya.failed) AS failed, count(*) FILTER (WHERE ya.at_end) AS breach
        FROM young_area ya JOIN rule r ON r.site_kind = ya.kind AND r.area = ya.area GROUP BY ya.site_id, ya.kind) y
      GROUP BY kind
    ) f GROUP BY kind
  ), ${walkAndFiguresCtes(true)}`;

/** The same figures judged entry by entry for every site: what disinfectionSql must agree with (tests). */
export const disinfectionWalkSql = disinfectionSql(false).replaceAll(WALK_EVERY_SITE, 'true /* walk every site */');
if (disinfectionWalkSql === disinfectionSql(false)) throw new Error('disinfectionWalkSql: the walk switch is missing');

/** The UTC hour containing the (UTC) timestamp expression `at`, and the first whole hour at or after it. */
const hourOf = (at: string) => `date_trunc('hour', ${at})`;
const hourUp = (at: string) => `(${hourOf(at)} + CASE WHEN ${hourOf(at)} < ${at} THEN interval '1 hour' ELSE interval '0' END)`;
/** The period's whole hours by started_at, [H1, H2) (empty when it holds none: H2 = H1), in UTC. */
const H1 = hourUp(FROM);
const H2 = `greatest(${hourOf(TO)}, ${H1})`;

/** An entry `le` started in the period's whole hours [H1, H2), on the raw column (the recorded/started index holds it). */
const STARTED_IN_WHOLE_HOURS = `le.started_at >= ${utcOf(H1)} AND le.started_at < ${utcOf(H2)}`;

/**
 * Disinfection entries started in the period and recorded after the cutoff. The whole area's
 * counts (migration DisinfectionLateTally) the period's whole hours by started_at [H1, H2) from
 * the tally kept per (hour started, hour recorded): the hours recorded after the cutoff's hour
 * from the tally, and the entries recorded between the cutoff and the end of its hour (or the
 * hour's tally less those recorded in it up to the cutoff, whichever part of the hour is shorter),
 * counted in the (recorded_at, started_at) index alone (migration ReportDisinfectionRecordedStarted);
 * and the partial hours at the period's ends, [from, H1) and [H2, to) (together
 * with [H1, H2) exactly the period, once each), entry by entry through the index that holds both
 * times. So it reads a few hundred tally rows, at most half an hour of entries recorded and two partial hours of entries started, not every entry
 * of the period. With a district it stays entry by entry (the tally keeps no district): every
 * entry of the period, of the district's sites.
 */
export const disinfectionLateSql = (byDistrict: boolean) => byDistrict
  ? `
  SELECT count(*)::int AS late FROM disinfection_entry le JOIN site ls ON ls.id = le.site_id
  WHERE ${inPeriod('le.started_at')} AND ${utc('le.recorded_at')} > ${CUTOFF} AND ${district('ls')}`
  : `
  SELECT (
    (SELECT coalesce(sum(t.entries), 0) FROM disinfection_late_tally t
     WHERE t.started_hour >= ${H1} AND t.started_hour < ${H2} AND t.recorded_hour > ${hourOf(CUTOFF)})
    -- The rest of the cutoff's hour of recording: read from the entries of its shorter part, those
    -- recorded after the cutoff or, when the cutoff is in the hour's first half, those recorded in
    -- it up to the cutoff, taken from the hour's tally. (Counted in the recorded/started index
    -- alone: at province an hour records ~9,000 entries, each fetched for its start until then.)
    + CASE WHEN ${CUTOFF} - ${hourOf(CUTOFF)} >= interval '30 minutes' THEN (
        SELECT count(*) FROM disinfection_entry le
        WHERE le.recorded_at > $3::timestamptz AND le.recorded_at < ${utcOf(`(${hourOf(CUTOFF)} + interval '1 hour')`)} AND ${STARTED_IN_WHOLE_HOURS})
      ELSE (
        SELECT coalesce(sum(t.entries), 0) FROM disinfection_late_tally t
        WHERE t.started_hour >= ${H1} AND t.started_hour < ${H2} AND t.recorded_hour = ${hourOf(CUTOFF)})
      - (SELECT count(*) FROM disinfection_entry le
         WHERE le.recorded_at >= ${utcOf(hourOf(CUTOFF))} AND le.recorded_at <= $3::timestamptz AND ${STARTED_IN_WHOLE_HOURS}) END
    + (SELECT count(*) FROM disinfection_entry le
       WHERE ${utc('le.started_at')} >= ${FROM} AND ${utc('le.started_at')} < least(${H1}, ${TO}) AND ${utc('le.recorded_at')} > ${CUTOFF})
    + (SELECT count(*) FROM disinfection_entry le
       WHERE ${utc('le.started_at')} >= ${H2} AND ${utc('le.started_at')} < ${TO} AND ${utc('le.recorded_at')} > ${CUTOFF})
  )::int AS late`;
