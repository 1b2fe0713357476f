package dev.mxcp.host.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuckDbSetupTest {

    private static final String EVIL = "it's \"x\" -- ; '); DROP";

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void writesSecretStatementsWithEscapedValues() {
        var s3 = new SecretSpec("my_s3", "s3", ordered("KEY_ID", EVIL, "REGION", "us-east-1", "USE_SSL", true));
        assertThat(DuckDbSetup.createSecretSql(s3)).isEqualTo("CREATE OR REPLACE TEMPORARY SECRET my_s3 (TYPE s3, "
                + "KEY_ID 'it''s \"x\" -- ; ''); DROP', REGION 'us-east-1', USE_SSL 'true')");
        var http = new SecretSpec("my http", "http",
                ordered("EXTRA_HTTP_HEADERS", ordered("Authorization", "Bearer it's", "X-Empty", null),
                        "weird\"key", "v", "SCOPE", List.of("s3://a", "s3://b'")));
        assertThat(DuckDbSetup.createSecretSql(http)).isEqualTo("CREATE OR REPLACE TEMPORARY SECRET \"my http\" (TYPE http, "
                + "EXTRA_HTTP_HEADERS MAP {'Authorization': 'Bearer it''s', 'X-Empty': NULL}, \"weird\"\"key\" 'v', "
                + "SCOPE ['s3://a', 's3://b'''])");
    }

    @Test
    void secretStatementsParseWhateverTheValues() {
        try (DuckDb db = DuckDb.open(DuckDbSettings.inMemory(1)); DbSession s = db.session()) {
            for (String type : List.of("s3", "mxcp_unknown_type")) {
                String sql = DuckDbSetup.createSecretSql(new SecretSpec("evil", type, Map.of("KEY_ID", EVIL)));
                Throwable error = catchThrowable(() -> s.execute(sql, Map.of()));
                // without network httpfs (s3) cannot be installed; either way DuckDB parsed the statement
                if (error != null) {
                    assertThat(error.getMessage()).doesNotContain("Parser Error")
                            .containsAnyOf("httpfs", "Secret type \"mxcp_unknown_type\" not found");
                }
            }
        }
    }

    @Test
    void createsKnownSecretsAndSkipsTheRest() {
        var secrets = List.of(
                new SecretSpec("api", "http", ordered("BEARER_TOKEN", EVIL)),
                new SecretSpec("headers", "http", ordered("EXTRA_HTTP_HEADERS", ordered("X-Key", EVIL))),
                new SecretSpec("custom", "mxcp_unknown_type", ordered("anything", "goes")),
                new SecretSpec("empty", "http", Map.of()));
        var settings = new DuckDbSettings(null, false, 2, List.of(), secrets, null);
        try (DuckDb db = DuckDb.open(settings); DbSession a = db.session(); DbSession b = db.session()) {
            String sql = "SELECT name, type, persistent FROM duckdb_secrets() ORDER BY name";
            for (DbSession s : List.of(a, b)) { // temporary secrets belong to the database: every connection sees them
                assertThat(s.execute(sql, Map.of()).rows()).containsExactly(
                        Map.of("name", "api", "type", "http", "persistent", false),
                        Map.of("name", "headers", "type", "http", "persistent", false));
            }
        }
        // reopening the same in-process database replaces the secrets rather than failing on them
        try (DuckDb db = DuckDb.open(settings); DbSession s = db.session()) {
            assertThat(s.execute("SELECT count(*) AS n FROM duckdb_secrets()", Map.of()).rows())
                    .containsExactly(Map.of("n", 2L));
        }
    }

    @Test
    void writesExtensionStatements() {
        assertThat(DuckDbSetup.installSql(new ExtensionSpec("httpfs", null))).isEqualTo("INSTALL httpfs");
        assertThat(DuckDbSetup.installSql(new ExtensionSpec("h3", "community"))).isEqualTo("INSTALL h3 FROM community");
        assertThat(DuckDbSetup.installSql(new ExtensionSpec("x", "https://ext.example/it's")))
                .isEqualTo("INSTALL x FROM 'https://ext.example/it''s'");
        assertThat(DuckDbSetup.loadSql(new ExtensionSpec("httpfs", "community"))).isEqualTo("LOAD httpfs");
    }

    @Test
    void spotsSqlThatMayReadTheCaller() {
        assertThat(DuckDbSetup.readsCaller("SELECT GET_USERNAME()")).isTrue();
        assertThat(DuckDbSetup.readsCaller("select get_request_header('a')")).isTrue();
        assertThat(DuckDbSetup.readsCaller("select getvariable('mxcp_caller')")).isTrue();
        assertThat(DuckDbSetup.readsCaller("SELECT * FROM users WHERE id = $id")).isFalse();
    }
}
