-- twofa schema, version 1, for H2 2.x (Flyway naming: V1__twofa_schema.sql).
-- Run it with Flyway or Liquibase (location classpath:db/migration/twofa/h2) or by hand.
--
-- Instants are two columns: <name>_sec BIGINT (seconds since 1970-01-01T00:00Z, negative before)
-- and <name>_nano INT (0..999999999). That is exact to the nanosecond over the whole range of
-- java.time.Instant; TIMESTAMP WITH TIME ZONE ends in the year 999999999.
-- Account ids compare exactly: H2 compares VARCHAR by code point, trailing spaces included, unless
-- the database is opened with IGNORECASE=TRUE or SET COLLATION (do neither for twofa's tables).

-- One row per account, written only with a version check (UPDATE ... WHERE version = ?).
CREATE TABLE IF NOT EXISTS twofa_profile (
    account_id          VARCHAR(255)  NOT NULL PRIMARY KEY,
    version             BIGINT        NOT NULL,
    active_method       VARCHAR(8),
    phone_number        VARCHAR(16),
    phone_verification  VARCHAR(12),
    pending_number      VARCHAR(16),
    totp_secret         VARBINARY(65535),
    totp_created_sec    BIGINT,
    totp_created_nano   INT,
    totp_last_step      BIGINT,
    sms_id              VARCHAR(128),
    sms_purpose         VARCHAR(16),
    sms_destination     VARCHAR(16),
    sms_code_hash       VARBINARY(65535),
    sms_issued_sec      BIGINT,
    sms_issued_nano     INT,
    sms_expires_sec     BIGINT,
    sms_expires_nano    INT,
    sms_attempts_left   INT,
    sms_used            BOOLEAN,
    failures            INT           NOT NULL,
    last_failure_sec    BIGINT,
    last_failure_nano   INT,
    locked_until_sec    BIGINT,
    locked_until_nano   INT,
    locked_forever      BOOLEAN       NOT NULL,
    failure_epoch       BIGINT        NOT NULL,
    proofs              VARBINARY(65535),
    recovery_codes      VARBINARY(65535)
);

-- SMS send limits shared by all nodes. One row per limit key (a pseudonym, never a number or an
-- account id in clear): the row a decision locks, so decisions under one key run one at a time.
CREATE TABLE IF NOT EXISTS twofa_send_key (
    send_key            VARCHAR(64)   NOT NULL PRIMARY KEY,
    idle_after_sec      BIGINT        NOT NULL
);

-- One row per granted, unreleased reservation; removed when it leaves its window.
CREATE TABLE IF NOT EXISTS twofa_send (
    send_key            VARCHAR(64)   NOT NULL,
    id                  VARCHAR(36)   NOT NULL,
    at_sec              BIGINT        NOT NULL,
    at_nano             INT           NOT NULL,
    expires_sec         BIGINT        NOT NULL,
    PRIMARY KEY (send_key, id)
);

CREATE INDEX IF NOT EXISTS twofa_send_expires ON twofa_send (expires_sec);
