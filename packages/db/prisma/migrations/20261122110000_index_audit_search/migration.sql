-- Indexes for the audit search's common filters, each in the search's order
-- (seq, newest first), so a page reads about a page of index entries instead
-- of walking the organization's whole chain and filtering:
--  * denied and failed events (rare, and what auditors look for first): a
--    partial index, so the many successful events cost it nothing on insert;
--  * one action, or a few rare ones (role changes, owner transfers…).
-- CREATE INDEX on the partitioned table builds one index per partition. On a
-- large existing log, build them per partition with CONCURRENTLY first and
-- attach them (docs/AUDIT.md, "Performance"); this migration then only
-- attaches what exists.
CREATE INDEX audit_events_org_status_seq_idx ON audit_events (organization_id, status, seq) WHERE status <> 'success';
CREATE INDEX audit_events_org_action_seq_idx ON audit_events (organization_id, action, seq);
