-- Every transaction that appends events notifies channel domain_events when it commits (PostgreSQL delivers
-- notifications at commit only, and folds the same one sent several times in a transaction into one), so that every
-- instance of the service, not only the one that wrote, fetches the new events at once (EventStoreNotifications).
CREATE FUNCTION notify_domain_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('domain_events', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER domain_events_committed AFTER INSERT ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION notify_domain_events();
