package dev.twofa.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.twofa.core.AccountId;
import dev.twofa.core.spi.TwoFactorProfile;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the MySQL script says of its binary id columns, on a real MariaDB (started by {@link
 * MariaDb}; skipped where the package is not installed): the driver stores an id as its UTF-8 bytes,
 * a query by hand finds it by its text, and nothing pads or folds it.
 */
@ExtendWith(MariaDb.Installed.class)
class MySqlScriptOnMariaDbTest {

    private static HikariDataSource db;

    @BeforeAll
    static void startDatabase() {
        db = MariaDb.pool(MariaDb.newDatabase(), 2);
    }

    @AfterAll
    static void closePool() {
        db.close();
    }

    @Test
    void accountId_nonAsciiSavedByTheStore_storedAsUtf8BytesAndFoundByAHandQuery() throws SQLException {
        String id = "Žofie Nováková \uD83D\uDE42";
        new JdbcProfileStore(db).compareAndSet(0, TwoFactorProfile.empty(AccountId.of(id)).withVersion(1));

        assertThat(query("SELECT HEX(account_id) FROM twofa_profile WHERE account_id = '" + id + "'"))
                .containsExactly(HexFormat.of().withUpperCase().formatHex(id.getBytes(StandardCharsets.UTF_8)));
        assertThat(query("SELECT version FROM twofa_profile WHERE account_id = 'žofie nováková \uD83D\uDE42'"))
                .as("another case is another id").isEmpty();
        assertThat(query("SELECT version FROM twofa_profile WHERE account_id = 'Zofie Novakova \uD83D\uDE42'"))
                .as("accents count").isEmpty();
        assertThat(query("SELECT version FROM twofa_profile WHERE account_id = '" + id + " '"))
                .as("a trailing space is another id").isEmpty();
    }

    @Test
    void idColumns_onTheServer_binaryWithoutCollation() throws SQLException {
        assertThat(query("SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' ', DATA_TYPE, ' ', "
                + "COALESCE(COLLATION_NAME, 'none')) FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME IN ('account_id', 'send_key') "
                + "ORDER BY TABLE_NAME"))
                .containsExactly("twofa_profile.account_id varbinary none", "twofa_send.send_key varbinary none",
                        "twofa_send_key.send_key varbinary none");
    }

    private static List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }
}
