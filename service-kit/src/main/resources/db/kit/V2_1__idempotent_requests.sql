-- MS-RequestId: the answer of every state-changing request that carried one, per caller (IdempotentRequests).
-- The row is inserted when the request starts and completed in the same transaction as its effects; a copy of the
-- request waits on the uncommitted row, then reads the answer.
CREATE TABLE idempotent_request (
    scope        VARCHAR(200) NOT NULL,  -- partner:<partnerId>, or subject:<sub> for a caller of no partner
    request_id   VARCHAR(100) NOT NULL,
    fingerprint  CHAR(64)     NOT NULL,  -- SHA-256 of method, path, query, content type and body
    request_line TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    status       SMALLINT,
    content_type TEXT,
    location     TEXT,
    etag         TEXT,
    body         BYTEA,
    PRIMARY KEY (scope, request_id)
);
CREATE INDEX idempotent_request_created_at ON idempotent_request (created_at);
