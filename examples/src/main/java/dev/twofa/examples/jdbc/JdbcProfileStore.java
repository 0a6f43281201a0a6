package dev.twofa.examples.jdbc;

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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link ProfileStore} on plain JDBC: one row per account in {@code twofa_profile} (see {@code
 * schema.sql}), written with {@code UPDATE ... WHERE version = ?} so any number of application
 * nodes can share the database. No ORM, no cache: every call reads or writes the row.
 *
 * <p>Thread-safe: each call takes its own connection from the {@link DataSource}.
 */
public final class JdbcProfileStore implements ProfileStore {

    private static final String COLUMNS = "account_id, version, active_method, phone_number, phone_verification, "
            + "pending_number, totp_secret, totp_created_at, totp_last_step, sms_id, sms_purpose, sms_destination, "
            + "sms_code_hash, sms_issued_at, sms_expires_at, sms_attempts_left, sms_used, failures, last_failure_at, "
            + "locked_until, failure_epoch, proofs, recovery_codes";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM twofa_profile WHERE account_id = ?";
    private static final String INSERT = "INSERT INTO twofa_profile (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE twofa_profile SET account_id = ?, version = ?, active_method = ?, "
            + "phone_number = ?, phone_verification = ?, pending_number = ?, totp_secret = ?, totp_created_at = ?, "
            + "totp_last_step = ?, sms_id = ?, sms_purpose = ?, sms_destination = ?, sms_code_hash = ?, "
            + "sms_issued_at = ?, sms_expires_at = ?, sms_attempts_left = ?, sms_used = ?, failures = ?, "
            + "last_failure_at = ?, locked_until = ?, failure_epoch = ?, proofs = ?, recovery_codes = ? "
            + "WHERE account_id = ? AND version = ?";

    private final DataSource dataSource;

    /**
     * Creates a store on a data source whose database has the {@code twofa_profile} table.
     *
     * @param dataSource where connections come from
     */
    public JdbcProfileStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates the table if it does not exist, from the portable {@code schema.sql}.
     *
     * @param dataSource the database
     * @throws UncheckedIOException if the schema cannot be read
     * @throws IllegalStateException if the database refuses it
     */
    public static void createSchema(DataSource dataSource) {
        try (InputStream in = JdbcProfileStore.class.getResourceAsStream("schema.sql");
                Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            s.execute(sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create twofa_profile: SQLState " + e.getSQLState());
        }
    }

    @Override
    public Optional<TwoFactorProfile> load(AccountId account) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SELECT)) {
            s.setString(1, account.value());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("load", e);
        }
    }

    @Override
    public boolean compareAndSet(long expectedVersion, TwoFactorProfile profile) {
        try (Connection c = dataSource.getConnection()) {
            if (expectedVersion == 0) {
                try (PreparedStatement s = c.prepareStatement(INSERT)) {
                    bind(s, profile);
                    return s.executeUpdate() == 1;
                } catch (SQLIntegrityConstraintViolationException duplicate) {
                    return false;
                } catch (SQLException e) {
                    if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                        return false; // unique violation: another node inserted first
                    }
                    throw e;
                }
            }
            try (PreparedStatement s = c.prepareStatement(UPDATE)) {
                bind(s, profile);
                s.setString(24, profile.account().value());
                s.setLong(25, expectedVersion);
                return s.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw failure("save", e);
        }
    }

    /**
     * Reports a database failure by its SQLState only: drivers quote bound values in their messages
     * (a phone number, a hash), and neither the message nor the exception is passed on.
     */
    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + " of twofa_profile failed: SQLState " + e.getSQLState()
                + ", vendor code " + e.getErrorCode());
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
        s.setString(8, t == null ? null : t.createdAt().toString());
        setLong(s, 9, t == null ? null : t.lastAcceptedStep());
        SmsChallenge c = p.smsChallenge();
        s.setString(10, c == null ? null : c.id());
        s.setString(11, c == null ? null : c.purpose().name());
        s.setString(12, c == null ? null : c.destination().e164());
        s.setBytes(13, c == null ? null : c.codeHash().bytes());
        s.setString(14, c == null ? null : c.issuedAt().toString());
        s.setString(15, c == null ? null : c.expiresAt().toString());
        if (c == null) {
            s.setNull(16, Types.INTEGER);
            s.setNull(17, Types.BOOLEAN);
        } else {
            s.setInt(16, c.attemptsLeft());
            s.setBoolean(17, c.used());
        }
        s.setInt(18, p.failures().consecutive());
        s.setString(19, text(p.failures().lastFailureAt()));
        s.setString(20, text(p.failures().lockedUntil()));
        s.setLong(21, p.failures().epoch());
        s.setBytes(22, packProofs(p.proofs()));
        s.setBytes(23, pack(p.recoveryCodes()));
    }

    private static TwoFactorProfile read(ResultSet r) throws SQLException {
        AccountId account = AccountId.of(r.getString("account_id"));
        String active = r.getString("active_method");
        String phone = r.getString("phone_number");
        String pending = r.getString("pending_number");
        byte[] secret = r.getBytes("totp_secret");
        TotpState totp = secret == null ? null : new TotpState(Secret.copyOf(secret),
                Instant.parse(r.getString("totp_created_at")), r.getLong("totp_last_step"));
        String smsId = r.getString("sms_id");
        SmsChallenge challenge = smsId == null ? null : new SmsChallenge(smsId,
                SmsPurpose.valueOf(r.getString("sms_purpose")), new PhoneNumber(r.getString("sms_destination")),
                Secret.copyOf(r.getBytes("sms_code_hash")), Instant.parse(r.getString("sms_issued_at")),
                Instant.parse(r.getString("sms_expires_at")), r.getInt("sms_attempts_left"), r.getBoolean("sms_used"));
        Failures failures = new Failures(r.getInt("failures"), instant(r.getString("last_failure_at")),
                instant(r.getString("locked_until")), r.getLong("failure_epoch"));
        return new TwoFactorProfile(account, r.getLong("version"), active == null ? null : Method.valueOf(active),
                phone == null ? null : new PhoneState(new PhoneNumber(phone),
                        Verification.valueOf(r.getString("phone_verification"))),
                pending == null ? null : new PhoneNumber(pending), totp, challenge, failures,
                unpackProofs(r.getBytes("proofs")), unpack(r.getBytes("recovery_codes")));
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    /** Length-prefixed concatenation of the recovery-code hashes. */
    private static byte[] pack(List<Secret> secrets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Secret secret : secrets) {
            byte[] bytes = secret.bytes();
            out.write(bytes.length >>> 8);
            out.write(bytes.length & 0xff);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** Per proof: factor ordinal, seconds and nanoseconds of its time, its hash length-prefixed. */
    private static byte[] packProofs(List<StoredProof> proofs) {
        ByteBuffer out = ByteBuffer.allocate(proofs.size() * (1 + 8 + 4 + 2 + 64));
        for (StoredProof proof : proofs) {
            byte[] hash = proof.hash().bytes();
            out.put((byte) proof.factor().ordinal()).putLong(proof.madeAt().getEpochSecond())
                    .putInt(proof.madeAt().getNano()).putShort((short) hash.length).put(hash);
        }
        byte[] packed = new byte[out.position()];
        out.flip().get(packed);
        return packed;
    }

    private static List<StoredProof> unpackProofs(byte[] packed) {
        List<StoredProof> proofs = new ArrayList<>();
        if (packed == null) {
            return proofs;
        }
        ByteBuffer in = ByteBuffer.wrap(packed);
        while (in.hasRemaining()) {
            Method factor = Method.values()[in.get()];
            Instant madeAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
            byte[] hash = new byte[in.getShort() & 0xffff];
            in.get(hash);
            proofs.add(new StoredProof(Secret.copyOf(hash), factor, madeAt));
        }
        return proofs;
    }

    private static List<Secret> unpack(byte[] packed) {
        List<Secret> secrets = new ArrayList<>();
        if (packed == null) {
            return secrets;
        }
        ByteBuffer in = ByteBuffer.wrap(packed);
        while (in.hasRemaining()) {
            byte[] bytes = new byte[in.getShort() & 0xffff];
            in.get(bytes);
            secrets.add(Secret.copyOf(bytes));
        }
        return secrets;
    }

    @Override
    public String toString() {
        return "JdbcProfileStore[" + dataSource.getClass().getSimpleName() + "]";
    }
}
