-- twofa schema, version 1, for MySQL 8.0.17 or later and MariaDB 10.3 or later (Flyway naming: V1__twofa_schema.sql).
-- Run it with Flyway or Liquibase (location classpath:db/migration/twofa/mysql) or by hand.
--
-- Instants are two columns: <name>_sec BIGINT (seconds since 1970-01-01T00:00Z, negative before)
-- and <name>_nano INT (0..999999999). That is exact to the nanosecond over the whole range of
-- java.time.Instant; MySQL has no TIMESTAMP WITH TIME ZONE, its TIMESTAMP ends in 2038 and
-- DATETIME(6) keeps microseconds only and ends in the year 9999.
--
-- Account ids and limit keys compare exactly (case, accents, trailing spaces): they are VARBINARY,
-- the UTF-8 bytes the driver sends, compared byte by byte with no padding on MySQL and MariaDB
-- alike. A VARCHAR would need a binary NO PAD collation, and none has the same name on both:
-- MySQL 8 has utf8mb4_0900_bin, MariaDB utf8mb4_nopad_bin; the utf8mb4_bin of both is PAD SPACE
-- ('alice' = 'alice ', two accounts on one row). 1020 bytes hold any 255-character id.
-- The connection's character set must be utf8mb4, the default of MariaDB Connector/J and of
-- MySQL Connector/J 8 and later. Queries by hand work: WHERE account_id = 'alice' compares the
-- bytes of 'alice'.

-- One row per account, written only with a version check (UPDATE ... WHERE version = ?).
CREATE TABLE IF NOT EXISTS twofa_profile (
    account_id          VARBINARY(1020) NOT NULL PRIMARY KEY,
    version             BIGINT        NOT NULL,
    active_method       VARCHAR(8),
    phone_number        VARCHAR(16),
    phone_verification  VARCHAR(12),
    pending_number      VARCHAR(16),
    totp_secret         BLOB,
    totp_created_sec    BIGINT,
    totp_created_nano   INT,
    totp_last_step      BIGINT,
    totp_drift          INT,
    sms_id              VARCHAR(128),
    sms_purpose         VARCHAR(16),
    sms_destination     VARCHAR(16),
    sms_code_hash       BLOB,
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
    proofs              BLOB,
    recovery_codes      BLOB,
    trusted_devices     BLOB
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- SMS send limits shared by all nodes. One row per limit key (a pseudonym, never a number or an
-- account id in clear): the row a decision locks, so decisions under one key run one at a time.
CREATE TABLE IF NOT EXISTS twofa_send_key (
    send_key            VARBINARY(64) NOT NULL PRIMARY KEY,
    idle_after_sec      BIGINT        NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- One row per granted, unreleased reservation; removed when it leaves its window.
CREATE TABLE IF NOT EXISTS twofa_send (
    send_key            VARBINARY(64) NOT NULL,
    id                  VARCHAR(36)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    at_sec              BIGINT        NOT NULL,
    at_nano             INT           NOT NULL,
    expires_sec         BIGINT        NOT NULL,
    PRIMARY KEY (send_key, id),
    INDEX twofa_send_expires (expires_sec)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
