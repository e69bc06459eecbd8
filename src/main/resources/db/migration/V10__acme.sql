-- Certificates obtained by ACME (routes.tls: acme), shared by every gateway on this database.
-- Numbered 10 to keep clear of migrations other branches may add in the meantime.

-- The ACME account: one key per directory URL, made on first use.
CREATE TABLE acme_accounts (
    directory  text        PRIMARY KEY,
    key_pem    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per service with tls: acme. The certificate stays until a new one is issued; a failed
-- issuance only writes last_error, last_error_at and next_attempt_at (its back-off).
CREATE TABLE acme_certificates (
    service         text        PRIMARY KEY,
    hosts           text        NOT NULL,
    chain_pem       text,
    key_pem         text,
    not_after       timestamptz,
    issued_at       timestamptz,
    last_error      text,
    last_error_at   timestamptz,
    failures        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz
);
