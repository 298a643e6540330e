package io.dblens.parsers;

/**
 * An execution plan found in a log (PostgreSQL auto_explain, SQL Server showplan ...), stored as written
 * for the plan-analysis job, which parses each distinct plan once.
 *
 * @param format    text, json, xml or yaml
 * @param planText  the plan as logged
 * @param queryText the statement the plan belongs to, where logged with it
 */
public record PlanInfo(String format, String planText, String queryText) {}
