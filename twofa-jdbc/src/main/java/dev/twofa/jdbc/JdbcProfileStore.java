package dev.twofa.jdbc;

import dev.twofa.core.AccountId;
import dev.twofa.core.Method;
import dev.twofa.core.PhoneNumber;
import dev.twofa.core.Secret;
import dev.twofa.core.SmsPurpose;
import dev.twofa.core.spi.ProfileStore;
import dev.twofa.core.spi.TwoFactorProfile;
import dev.twofa.core.spi.TwoFactorProfile.Failures;
import dev.twofa.core.spi.TwoFactorProfile.PhoneState;
import dev.twofa.core.spi.TwoFactorProfile.SmsChallenge;
import dev.twofa.core.spi.TwoFactorProfile.StoredProof;
import dev.twofa.core.spi.TwoFactorProfile.TotpState;
import dev.twofa.core.spi.TwoFactorProfile.Verification;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link ProfileStore} on plain JDBC: one row per account in the profile table (default {@value
 * JdbcSchema#PROFILE_TABLE}, created by the scripts of {@link JdbcSchema}), so any number of
 * application nodes can share one database.
 *
 * <p><b>Statements.</b> A {@link #load} is one {@code SELECT} by primary key; a {@link
 * #compareAndSet} is one {@code INSERT} (expected version 0; a duplicate key means another node
 * inserted first and returns false) or one {@code UPDATE ... WHERE account_id = ? AND version = ?}.
 * Each runs on its own connection in the connection's auto-commit mode (or is committed at once if
 * the pool hands out connections without it), so a write is all or nothing: a connection lost in the
 * middle leaves the row as it was or as written, never half. Nothing is cached between calls.
 *
 * <p><b>Columns.</b> Instants are kept as seconds and nanoseconds ({@code BIGINT}, {@code INT}):
 * exact to the nanosecond over the whole range of {@link Instant}. A permanent lock ({@link
 * Instant#MAX}) is the column {@code locked_forever}, so a host's query for locked accounts reads
 * plainly. Secrets and hashes are binary columns, the proofs and recovery-code hashes packed into
 * one binary column each (a format byte, then length-prefixed entries, order kept). Account ids are
 * compared exactly (case, trailing spaces; see the MySQL script's collation).
 *
 * <p><b>Failures</b> are thrown as {@link DatabaseException} naming the operation and the SQLState
 * only.
 *
 * <p>Thread-safe: immutable; each call takes its own connection from the {@link DataSource}.
 */
public final class JdbcProfileStore implements ProfileStore {

    /** The format byte that starts the packed proofs and recovery codes. */
    private static final byte PACK_FORMAT = 1;

    private static final String COLUMNS = "account_id, version, active_method, phone_number, phone_verification, "
            + "pending_number, totp_secret, totp_created_sec, totp_created_nano, totp_last_step, sms_id, sms_purpose, "
            + "sms_destination, sms_code_hash, sms_issued_sec, sms_issued_nano, sms_expires_sec, sms_expires_nano, "
            + "sms_attempts_left, sms_used, failures, last_failure_sec, last_failure_nano, locked_until_sec, "
            + "locked_until_nano, locked_forever, failure_epoch, proofs, recovery_codes";
    private static final int COLUMN_COUNT = COLUMNS.split(",").length;

    private final DataSource dataSource;
    private final String table;
    private final String select;
    private final String insert;
    private final String update;

    /**
     * Creates a store on the table {@value JdbcSchema#PROFILE_TABLE}.
     *
     * @param dataSource where connections come from (the host's pool)
     * @throws NullPointerException if dataSource is null
     */
    public JdbcProfileStore(DataSource dataSource) {
        this(dataSource, JdbcSchema.PROFILE_TABLE);
    }

    /**
     * Creates a store on a table of another name, with the columns of the schema scripts.
     *
     * @param dataSource where connections come from (the host's pool)
     * @param tableName the table, a plain identifier (ASCII letters, digits, {@code _}, not starting
     *     with a digit, at most 48 characters); default {@value JdbcSchema#PROFILE_TABLE}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if tableName is not a plain identifier
     */
    public JdbcProfileStore(DataSource dataSource, String tableName) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = Sql.tableName(tableName);
        this.select = "SELECT " + COLUMNS + " FROM " + table + " WHERE account_id = ?";
        this.insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?" + ", ?".repeat(COLUMN_COUNT - 1) + ")";
        // The same parameter order as the INSERT: account_id is set to itself (binding stays one method).
        this.update = "UPDATE " + table + " SET " + COLUMNS.replace(",", " = ?,") + " = ? "
                + "WHERE account_id = ? AND version = ?";
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code SELECT} by primary key.
     *
     * @throws NullPointerException if account is null
     * @throws DatabaseException if the database fails (SQLState only)
     */
    @Override
    public Optional<TwoFactorProfile> load(AccountId account) {
        Objects.requireNonNull(account, "account");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(select)) {
            s.setString(1, account.value());
            Optional<TwoFactorProfile> loaded;
            try (ResultSet r = s.executeQuery()) {
                loaded = r.next() ? Optional.of(readChecked(r)) : Optional.empty();
            }
            endRead(c);
            return loaded;
        } catch (SQLException e) {
            throw DatabaseException.of("load", table, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code INSERT} (expected version 0) or one conditional {@code UPDATE}.
     *
     * @throws NullPointerException if profile is null
     * @throws IllegalArgumentException if expectedVersion is negative
     * @throws DatabaseException if the database fails (SQLState only); the row is then as before or
     *     as written, as the database committed it
     */
    @Override
    public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
        Objects.requireNonNull(profile, "profile");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version must not be negative, was " + expectedVersion);
        }
        try (Connection c = dataSource.getConnection()) {
            boolean written;
            if (expectedVersion == 0) {
                written = insert(c, profile);
            } else {
                try (PreparedStatement s = c.prepareStatement(update)) {
                    bind(s, profile);
                    s.setString(COLUMN_COUNT + 1, profile.account().value());
                    s.setLong(COLUMN_COUNT + 2, expectedVersion);
                    written = s.executeUpdate() == 1;
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return written;
        } catch (SQLException e) {
            throw DatabaseException.of("save", table, e);
        }
    }

    private boolean insert(Connection c, TwoFactorProfile profile) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(insert)) {
            bind(s, profile);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            // Class 23, integrity constraint violation: the primary key, another node inserted first.
            // (In auto-commit mode nothing else was in the statement's transaction.)
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                return false;
            }
            throw e;
        }
    }

    /** Ends the read's transaction if the pool hands out connections without auto-commit. */
    private static void endRead(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
        }
    }

    private static void bind(PreparedStatement s, TwoFactorProfile p) throws SQLException {
        s.setString(1, p.account().value());
        s.setLong(2, p.version());
        s.setString(3, p.activeMethod() == null ? null : p.activeMethod().name());
        s.setString(4, p.phone() == null ? null : p.phone().number().e164());
        s.setString(5, p.phone() == null ? null : p.phone().verification().name());
        s.setString(6, p.pendingNumber() == null ? null : p.pendingNumber().e164());
        TotpState t = p.totp();
        s.setBytes(7, t == null ? null : t.storedSecret().bytes());
        Sql.setInstant(s, 8, t == null ? null : t.createdAt());
        Sql.setLong(s, 10, t == null ? null : t.lastAcceptedStep());
        SmsChallenge c = p.smsChallenge();
        s.setString(11, c == null ? null : c.id());
        s.setString(12, c == null ? null : c.purpose().name());
        s.setString(13, c == null ? null : c.destination().e164());
        s.setBytes(14, c == null ? null : c.codeHash().bytes());
        Sql.setInstant(s, 15, c == null ? null : c.issuedAt());
        Sql.setInstant(s, 17, c == null ? null : c.expiresAt());
        if (c == null) {
            s.setNull(19, Types.INTEGER);
            s.setNull(20, Types.BOOLEAN);
        } else {
            s.setInt(19, c.attemptsLeft());
            s.setBoolean(20, c.used());
        }
        Failures f = p.failures();
        s.setInt(21, f.consecutive());
        Sql.setInstant(s, 22, f.lastFailureAt());
        boolean forever = Instant.MAX.equals(f.lockedUntil());
        Sql.setInstant(s, 24, forever ? null : f.lockedUntil());
        s.setBoolean(26, forever);
        s.setLong(27, f.epoch());
        s.setBytes(28, packProofs(p.proofs()));
        s.setBytes(29, pack(p.recoveryCodes()));
    }

    /** Reads a row; a row twofa could not have written (edited by hand, corrupt) is a typed failure. */
    private TwoFactorProfile readChecked(ResultSet r) throws SQLException {
        try {
            return read(r);
        } catch (DatabaseException e) {
            throw e;
        } catch (RuntimeException e) {    // a null or unknown enum name, a broken invariant: no values in the message
            throw DatabaseException.because("a row of " + table + " holds no valid profile ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static TwoFactorProfile read(ResultSet r) throws SQLException {
        AccountId account = AccountId.of(r.getString("account_id"));
        String active = r.getString("active_method");
        String phone = r.getString("phone_number");
        String pending = r.getString("pending_number");
        byte[] secret = r.getBytes("totp_secret");
        TotpState totp = secret == null ? null
                : new TotpState(Secret.copyOf(secret), Sql.getInstant(r, "totp_created"), r.getLong("totp_last_step"));
        String smsId = r.getString("sms_id");
        SmsChallenge challenge = smsId == null ? null : new SmsChallenge(smsId,
                SmsPurpose.valueOf(r.getString("sms_purpose")), new PhoneNumber(r.getString("sms_destination")),
                Secret.copyOf(r.getBytes("sms_code_hash")), Sql.getInstant(r, "sms_issued"),
                Sql.getInstant(r, "sms_expires"), r.getInt("sms_attempts_left"), r.getBoolean("sms_used"));
        Instant lockedUntil = r.getBoolean("locked_forever") ? Instant.MAX : Sql.getInstant(r, "locked_until");
        Failures failures = new Failures(r.getInt("failures"), Sql.getInstant(r, "last_failure"), lockedUntil,
                r.getLong("failure_epoch"));
        return new TwoFactorProfile(account, r.getLong("version"), active == null ? null : Method.valueOf(active),
                phone == null ? null : new PhoneState(new PhoneNumber(phone),
                        Verification.valueOf(r.getString("phone_verification"))),
                pending == null ? null : new PhoneNumber(pending), totp, challenge, failures,
                unpackProofs(r.getBytes("proofs")), unpack(r.getBytes("recovery_codes")));
    }

    /** The format byte, then per hash its length (2 bytes) and bytes. */
    static byte[] pack(List<Secret> secrets) {
        int size = 1;
        for (Secret secret : secrets) {
            size += 2 + secret.length();
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(PACK_FORMAT);
        for (Secret secret : secrets) {
            putShortBytes(out, secret.bytes());
        }
        return out.array();
    }

    /**
     * The format byte, then per proof: its factor ({@code 'S'} or {@code 'T'}), the seconds (8 bytes)
     * and nanoseconds (4 bytes) of its time, and its hash length-prefixed (2 bytes).
     */
    static byte[] packProofs(List<StoredProof> proofs) {
        int size = 1;
        for (StoredProof proof : proofs) {
            size += 1 + 8 + 4 + 2 + proof.hash().length();
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(PACK_FORMAT);
        for (StoredProof proof : proofs) {
            out.put(factorCode(proof.factor())).putLong(proof.madeAt().getEpochSecond()).putInt(proof.madeAt().getNano());
            putShortBytes(out, proof.hash().bytes());
        }
        return out.array();
    }

    static List<StoredProof> unpackProofs(byte[] packed) {
        List<StoredProof> proofs = new ArrayList<>();
        ByteBuffer in = unpacking(packed);
        try {
            while (in.hasRemaining()) {
                Method factor = factor(in.get());
                Instant madeAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
                proofs.add(new StoredProof(Secret.copyOf(getShortBytes(in)), factor, madeAt));
            }
        } catch (BufferUnderflowException e) {
            throw DatabaseException.because("the stored proofs are cut short");
        }
        return proofs;
    }

    static List<Secret> unpack(byte[] packed) {
        List<Secret> secrets = new ArrayList<>();
        ByteBuffer in = unpacking(packed);
        try {
            while (in.hasRemaining()) {
                secrets.add(Secret.copyOf(getShortBytes(in)));
            }
        } catch (BufferUnderflowException e) {
            throw DatabaseException.because("the stored recovery codes are cut short");
        }
        return secrets;
    }

    private static ByteBuffer unpacking(byte[] packed) {
        if (packed == null || packed.length == 0) {
            return ByteBuffer.allocate(0);
        }
        ByteBuffer in = ByteBuffer.wrap(packed);
        byte format = in.get();
        if (format != PACK_FORMAT) {
            throw DatabaseException.because("packed column of format " + format + ", this version reads "
                    + PACK_FORMAT);
        }
        return in;
    }

    private static void putShortBytes(ByteBuffer out, byte[] bytes) {
        if (bytes.length > 0xffff) {
            throw new IllegalArgumentException("a stored hash is at most 65535 bytes, was " + bytes.length);
        }
        out.putShort((short) bytes.length).put(bytes);
    }

    private static byte[] getShortBytes(ByteBuffer in) {
        byte[] bytes = new byte[in.getShort() & 0xffff];
        in.get(bytes);
        return bytes;
    }

    private static byte factorCode(Method method) {
        return switch (method) {
            case SMS -> 'S';
            case TOTP -> 'T';
        };
    }

    private static Method factor(byte code) {
        return switch (code) {
            case 'S' -> Method.SMS;
            case 'T' -> Method.TOTP;
            default -> throw DatabaseException.because("unknown factor code " + code + " in the stored proofs");
        };
    }

    /** Returns the table name and the data source's class; never a URL or credentials. */
    @Override
    public String toString() {
        return "JdbcProfileStore[table=" + table + ", dataSource=" + dataSource.getClass().getSimpleName() + "]";
    }
}
