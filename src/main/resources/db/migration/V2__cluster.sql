-- Gateways sharing this database (SPEC "Several gateways, one database"). Times are the
-- database's own (now()), so members never compare their clocks.

-- Each member's row is kept fresh by its heartbeat; one whose heartbeat is older than
-- cutover.cluster.lease is gone. A member that stops gracefully removes its row.
CREATE TABLE cluster_members (
    id           text        PRIMARY KEY,
    admin_url    text        NOT NULL,
    traffic_port integer     NOT NULL,
    pid          bigint      NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);

-- One writer per service: the member running the service's release holds its lease, renewed by
-- its heartbeat. A lease past expires_at may be taken by another member; while it is not, no one
-- else may take it (the INSERT ... ON CONFLICT in io.cutover.cluster.ServiceLeases).
CREATE TABLE service_leases (
    service     text        PRIMARY KEY,
    member_id   text        NOT NULL,
    release_id  bigint      NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    acquired_at timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
