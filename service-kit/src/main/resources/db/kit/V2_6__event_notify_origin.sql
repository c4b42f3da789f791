-- The notification of an event commit names the instance that wrote (its connections' application_name, set to its
-- instance id by the kit), so that an instance can pass over its own commits: it wakes its event store for those
-- itself, and a wake per local commit would only split its processors' work into batches of one.
CREATE OR REPLACE FUNCTION notify_domain_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('domain_events', current_setting('application_name'));
    RETURN NULL;
END
$$;
