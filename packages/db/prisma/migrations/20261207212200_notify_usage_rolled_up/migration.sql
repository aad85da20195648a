-- Live analytics, second source: the page's usage figures are read from the daily rollups, which the
-- usage-analytics-rollup job rewrites a minute or so after events arrive. Announcing the rollup's
-- writes too (same channel, same payload: one notification per organization per statement) makes an
-- open page refetch when its figures have actually changed, not only when raw events were recorded.
CREATE TRIGGER usage_analytics_daily_notify_recorded
  AFTER INSERT ON usage_analytics_daily
  REFERENCING NEW TABLE AS inserted_usage
  FOR EACH STATEMENT EXECUTE FUNCTION notify_usage_recorded();
