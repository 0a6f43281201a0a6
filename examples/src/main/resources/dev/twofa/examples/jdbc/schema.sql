-- twofa profile table: one row per account, written only with a version check.
-- Portable SQL (H2, PostgreSQL, MySQL 8). Instants are ISO-8601 text (Instant.toString()), exact to
-- the nanosecond and able to hold Instant.MAX (a lock that only a host reset ends).
-- PostgreSQL: use BYTEA for the VARBINARY columns (see schema-postgresql.sql).
CREATE TABLE IF NOT EXISTS twofa_profile (
    account_id          VARCHAR(255)  NOT NULL PRIMARY KEY,
    version             BIGINT        NOT NULL,
    active_method       VARCHAR(8),
    phone_number        VARCHAR(16),
    phone_verification  VARCHAR(12),
    pending_number      VARCHAR(16),
    totp_secret         VARBINARY(512),
    totp_created_at     VARCHAR(40),
    totp_last_step      BIGINT,
    sms_id              VARCHAR(128),
    sms_purpose         VARCHAR(16),
    sms_destination     VARCHAR(16),
    sms_code_hash       VARBINARY(512),
    sms_issued_at       VARCHAR(40),
    sms_expires_at      VARCHAR(40),
    sms_attempts_left   INT,
    sms_used            BOOLEAN,
    failures            INT           NOT NULL,
    last_failure_at     VARCHAR(40),
    locked_until        VARCHAR(40),
    failure_epoch       BIGINT        NOT NULL,
    proofs              VARBINARY(1024),
    recovery_codes      VARBINARY(4096)
);
