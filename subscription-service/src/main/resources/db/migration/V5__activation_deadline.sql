-- The activation deadline of pending subscriptions, for the scheduler that cancels those never activated.
ALTER TABLE subscription_view ADD COLUMN activation_deadline TIMESTAMPTZ;
UPDATE subscription_view SET activation_deadline = (document ->> 'creationDate')::timestamptz + INTERVAL '30 days'
WHERE status = 'pending';
CREATE INDEX subscription_view_activation_due ON subscription_view (activation_deadline, subscription_id)
    WHERE status = 'pending';
