-- twofa profile table for PostgreSQL. Same columns as schema.sql, BYTEA for binary data.
CREATE TABLE IF NOT EXISTS twofa_profile (
    account_id          VARCHAR(255)  NOT NULL PRIMARY KEY,
    version             BIGINT        NOT NULL,
    active_method       VARCHAR(8),
    phone_number        VARCHAR(16),
    phone_verification  VARCHAR(12),
    pending_number      VARCHAR(16),
    totp_secret         BYTEA,
    totp_created_at     VARCHAR(40),
    totp_last_step      BIGINT,
    sms_id              VARCHAR(128),
    sms_purpose         VARCHAR(16),
    sms_destination     VARCHAR(16),
    sms_code_hash       BYTEA,
    sms_issued_at       VARCHAR(40),
    sms_expires_at      VARCHAR(40),
    sms_attempts_left   INT,
    failures            INT           NOT NULL,
    last_failure_at     VARCHAR(40),
    locked_until        VARCHAR(40),
    last_proof_at       VARCHAR(40),
    recovery_codes      BYTEA
);
