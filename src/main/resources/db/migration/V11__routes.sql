-- Route replication (SPEC "Several gateways, one database"): the member running a service's
-- release writes the pools it decided here, one row per service, and NOTIFYs cutover_routes with
-- '<service>:<revision>' in the same statement; every other member applies the newest revision.
CREATE SEQUENCE published_routes_revision;

CREATE TABLE published_routes (
    service      text        PRIMARY KEY,
    revision     bigint      NOT NULL,
    member_id    text        NOT NULL,
    pools        jsonb       NOT NULL,
    -- The release serving the service on the publisher when it wrote the row (null before the
    -- first deploy): other members take it as theirs, so a rollback sent to any member is the same.
    live_release_id bigint,
    live_version    text,
    published_at timestamptz NOT NULL DEFAULT now()
);
