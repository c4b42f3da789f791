-- ShedLock's lock per scheduled tick (KitScheduling): the instance that holds a row's lock runs that tick, the others
-- skip it. Times are PostgreSQL's own (UTC), never the movable business clock. An operator releases a stuck lock by
-- setting lock_until to now; deleting the row is not enough, as a running instance does not create it again.
CREATE TABLE shedlock (
    name       VARCHAR(64)  PRIMARY KEY,  -- the @SchedulerLock name, e.g. billing.period-close
    lock_until TIMESTAMP    NOT NULL,     -- held until then unless released (UTC)
    locked_at  TIMESTAMP    NOT NULL,     -- UTC
    locked_by  VARCHAR(255) NOT NULL      -- the instance (platform.instance-id)
);
