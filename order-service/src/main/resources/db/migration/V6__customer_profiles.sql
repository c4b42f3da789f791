-- Partner Center's customer resource: the tenant domain and the whole billing profile, versioned for its etag.
ALTER TABLE customer_view ADD COLUMN domain VARCHAR(255);
ALTER TABLE customer_view ADD COLUMN billing_profile JSONB;
ALTER TABLE customer_view ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
-- customers created before profiles were kept: the profile they have (company name and country), as the projection
-- writes it, so that a rebuild reproduces these rows exactly
UPDATE customer_view SET billing_profile = jsonb_build_object('culture', 'en-US', 'language', 'en',
    'companyName', company_name, 'defaultAddress', jsonb_build_object('country', billing_country))
WHERE billing_profile IS NULL;
