package dev.mxcp.host.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DbSessionTest {

    private DuckDb db;
    private DbSession session;

    @BeforeEach
    void open() {
        db = DuckDb.open(DuckDbSettings.inMemory(2));
        session = db.session();
    }

    @AfterEach
    void close() {
        session.close();
        db.close();
    }

    private Object value(String sql, Map<String, ?> params) {
        QueryResult result = session.execute(sql, params);
        assertThat(result.rows()).hasSize(1);
        return result.rows().getFirst().values().iterator().next();
    }

    /** A map that, unlike Map.of, may hold nulls. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private Map<String, Object> row(String sql, Map<String, ?> params) {
        return session.execute(sql, params).rows().getFirst();
    }

    @Test
    void bindsNamedParametersByName() {
        assertThat(row("SELECT $a + $b AS sum, $a * 2 AS twice", Map.of("a", 20, "b", 1)))
                .containsExactly(Map.entry("sum", 21), Map.entry("twice", 40));
        assertThat(value("SELECT $x::INTEGER + 1", Map.of("x", "41"))).isEqualTo(42);
    }

    @Test
    void bindsScalarJavaValues() {
        Map<String, Object> params = new HashMap<>();
        params.put("s", "it's");
        params.put("bool", true);
        params.put("i", 7);
        params.put("l", 1L << 40);
        params.put("big", new BigInteger("-170141183460469231731687303715884105728"));
        params.put("d", 2.5);
        params.put("dec", new BigDecimal("123.45"));
        params.put("date", LocalDate.of(2024, 1, 2));
        params.put("time", LocalTime.of(3, 4, 5));
        params.put("ts", LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_000));
        params.put("tstz", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)));
        params.put("instant", Instant.parse("2024-01-02T03:04:05Z"));
        params.put("uuid", UUID.fromString("550e8400-e29b-41d4-a716-446655440000"));
        params.put("nothing", null);
        Map<String, Object> row = row("""
                SELECT $s AS s, $bool AS bool, $i AS i, $l AS l, $big AS big, $d AS d, $dec AS dec, $date AS date,
                  $time AS time, $ts AS ts, $tstz AS tstz, $instant AS instant, $uuid AS uuid, $nothing AS nothing,
                  typeof($dec) AS dec_type, typeof($ts) AS ts_type, $date + 1 AS next_day
                """, params);
        assertThat(row).containsEntry("s", "it's").containsEntry("bool", true).containsEntry("i", 7)
                .containsEntry("l", 1L << 40).containsEntry("big", new BigInteger("-170141183460469231731687303715884105728"))
                .containsEntry("d", 2.5).containsEntry("dec", new BigDecimal("123.45"))
                .containsEntry("date", LocalDate.of(2024, 1, 2)).containsEntry("time", LocalTime.of(3, 4, 5))
                .containsEntry("ts", LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_000))
                .containsEntry("tstz", OffsetDateTime.of(2024, 1, 2, 1, 4, 5, 0, ZoneOffset.UTC))
                .containsEntry("instant", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC))
                .containsEntry("uuid", "550e8400-e29b-41d4-a716-446655440000").containsEntry("nothing", null)
                .containsEntry("dec_type", "DECIMAL(5,2)").containsEntry("ts_type", "TIMESTAMP")
                .containsEntry("next_day", LocalDate.of(2024, 1, 3));
    }

    @Test
    void bindsDecimalsDuckDbCannotHoldAsDoublesInsteadOfNull() {
        assertThat(value("SELECT $x", Map.of("x", new BigDecimal("1E+2")))).isEqualTo(new BigDecimal("100"));
        assertThat(value("SELECT $x", Map.of("x", new BigDecimal("1234567890123456789012345678901234567890.5"))))
                .isEqualTo(1.2345678901234568E39);
        assertThat(value("SELECT $x", Map.of("x", new BigDecimal("1E-45")))).isEqualTo(1E-45);
    }

    @Test
    void bindsListsAsDuckDbLists() {
        assertThat(row("SELECT $ids AS ids, typeof($ids) AS t", Map.of("ids", List.of(1, 2, 3))))
                .containsExactly(Map.entry("ids", List.of(1, 2, 3)), Map.entry("t", "INTEGER[]"));
        assertThat(row("SELECT $v AS v, typeof($v) AS t", Map.of("v", List.of(1, 2L << 40, 2.5))))
                .containsExactly(Map.entry("v", List.of(1.0, 2199023255552.0, 2.5)), Map.entry("t", "DOUBLE[]"));
        assertThat(value("SELECT $v", Map.of("v", List.of(1, new BigInteger("100000000000000000000")))))
                .isEqualTo(List.of(BigInteger.ONE, new BigInteger("100000000000000000000")));
        assertThat(value("SELECT $v", Map.of("v", List.of(List.of("a"), List.of("b", "c")))))
                .isEqualTo(List.of(List.of("a"), List.of("b", "c")));
        assertThat(value("SELECT $v", Map.of("v", Arrays.asList(LocalDate.of(2024, 1, 2), null))))
                .isEqualTo(Arrays.asList(LocalDate.of(2024, 1, 2), null));
        assertThat(value("SELECT $v", Map.of("v", new Object[] {"x", "y"}))).isEqualTo(List.of("x", "y"));
    }

    @Test
    void listsWorkWithInAndAny() {
        session.execute("CREATE TABLE items AS SELECT range AS id, 'item ' || range AS name FROM range(10)", Map.of());
        assertThat(session.execute("SELECT id FROM items WHERE id IN (SELECT unnest($ids)) ORDER BY id",
                Map.of("ids", List.of(2, 5, 7))).rows()).extracting(r -> r.get("id")).containsExactly(2L, 5L, 7L);
        assertThat(session.execute("SELECT id FROM items WHERE id = ANY($ids) ORDER BY id",
                Map.of("ids", List.of(3L))).rows()).extracting(r -> r.get("id")).containsExactly(3L);
        assertThat(session.execute("SELECT name FROM items WHERE name IN (SELECT unnest($names))",
                Map.of("names", List.of("item 4"))).rows()).extracting(r -> r.get("name")).containsExactly("item 4");
        // an empty list has no element type to infer: it binds as a list of NULL, which compares with anything
        assertThat(session.execute("SELECT id FROM items WHERE id IN (SELECT unnest($ids))",
                Map.of("ids", List.of())).rows()).isEmpty();
        assertThat(session.execute("SELECT name FROM items WHERE list_contains($names, name)",
                Map.of("names", List.of())).rows()).isEmpty();
    }

    @Test
    void bindsMapsAsStructs() {
        Map<String, Object> person = ordered("name", "Ada", "age", 36, "tags", List.of("math"),
                "address", Map.of("city", "London"), "weird \"key\"", null);
        assertThat(row("SELECT $p AS p, ($p).name AS name, ($p).address.city AS city", Map.of("p", person)))
                .containsExactly(Map.entry("p", person), Map.entry("name", "Ada"), Map.entry("city", "London"));
        assertThat(value("SELECT $p", Map.of("p", Map.of()))).isEqualTo(Map.of());
    }

    @Test
    void bindsListsOfObjectsWithTheUnionOfTheirFields() {
        List<Map<String, Object>> rows = List.of(Map.of("a", 1), Map.of("a", 2L, "b", "x"));
        QueryResult result = session.execute("SELECT r.a, r.b FROM (SELECT unnest($rows) AS r)", Map.of("rows", rows));
        assertThat(result.rows()).containsExactly(
                ordered("a", 1L, "b", null),
                Map.of("a", 2L, "b", "x"));
        assertThatThrownBy(() -> session.execute("SELECT $v", Map.of("v", List.of(1, "a"))))
                .isInstanceOf(MxcpException.class)
                .hasMessage("Cannot bind SQL parameter $v: a list cannot mix INTEGER and VARCHAR values");
        assertThatThrownBy(() -> session.execute("SELECT $v", Map.of("v", Map.of(1, "a"))))
                .isInstanceOf(MxcpException.class)
                .hasMessage("Cannot bind SQL parameter $v: object keys must be strings, got 1");
        assertThatThrownBy(() -> session.execute("SELECT $v", Map.of("v", new StringBuilder("x"))))
                .isInstanceOf(MxcpException.class)
                .hasMessage("Cannot bind SQL parameter $v: values of type StringBuilder cannot be bound");
    }

    @Test
    void missingParameterIsNamed() {
        assertThatThrownBy(() -> session.execute("SELECT $a, $b", Map.of("a", 1)))
                .isInstanceOf(MxcpException.class)
                .hasMessage("Missing SQL parameter $b");
        assertThatThrownBy(() -> session.execute("SELECT $a", null))
                .hasMessage("Missing SQL parameter $a");
        assertThat(value("SELECT 1", Map.of("unused", 2))).isEqualTo(1);
    }

    @Test
    void positionalParametersCannotBeBound() {
        assertThatThrownBy(() -> session.execute("SELECT ?", Map.of()))
                .isInstanceOf(MxcpException.class)
                .hasMessage("SQL uses positional parameters ($1 or ?); only named parameters ($name) can be bound");
        assertThatThrownBy(() -> session.execute("SELECT $1, $a", Map.of("a", 1)))
                .hasMessageContaining("mixes positional");
    }

    @Test
    void runsScriptsAndReturnsTheLastResult() {
        QueryResult result = session.execute("""
                CREATE TABLE t(a INT, note VARCHAR);
                INSERT INTO t VALUES ($x, 'semi;colon'), ($y, $$;$$);  -- a comment; with a semicolon
                SELECT * FROM t WHERE a >= $x ORDER BY a;
                """, Map.of("x", 1, "y", 2));
        assertThat(result.rows()).containsExactly(Map.of("a", 1, "note", "semi;colon"), Map.of("a", 2, "note", ";"));
        assertThat(session.execute("INSERT INTO t VALUES (3, 'c'), (4, 'd')", Map.of()).updateCount()).isEqualTo(2);
        assertThat(session.execute("UPDATE t SET note = 'x' WHERE a > $min", Map.of("min", 2)).updateCount()).isEqualTo(2);
        QueryResult ddl = session.execute("CREATE TABLE u(a INT)", Map.of());
        assertThat(ddl.columns()).isEmpty();
        assertThat(ddl.rows()).isEmpty();
        assertThatThrownBy(() -> session.execute(" -- nothing here\n ; ", Map.of()))
                .isInstanceOf(MxcpException.class)
                .hasMessage("No SQL statement to execute");
    }

    @Test
    void sqlErrorsCarryDuckDbsFirstLine() {
        assertThatThrownBy(() -> session.execute("SELEC 1", Map.of()))
                .isInstanceOf(MxcpException.class)
                .hasMessage("Parser Error: syntax error at or near \"SELEC\"");
        assertThatThrownBy(() -> session.execute("SELECT nope FROM range(1)", Map.of()))
                .hasMessageStartingWith("Binder Error: Referenced column \"nope\" not found")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> session.execute("SELECT $x::INTEGER", Map.of("x", "abc")))
                .hasMessageStartingWith("Conversion Error:");
        // the connection stays usable, also after an error inside an explicit transaction
        assertThatThrownBy(() -> session.execute("BEGIN; SELECT error('boom')", Map.of())).hasMessage("Invalid Input Error: boom");
        session.close();
        session = db.session();
        try (DbSession other = db.session()) {
            assertThat(other.execute("SELECT 42 AS x", Map.of()).rows()).containsExactly(Map.of("x", 42));
        }
        assertThat(value("SELECT 1", Map.of())).isEqualTo(1);
    }

    @Test
    void prepareChecksWithoutRunning() {
        session.execute("CREATE TABLE t(a INT)", Map.of());
        session.prepare("SELECT * FROM t WHERE a = $a");
        session.prepare("INSERT INTO t VALUES ($a)");
        assertThat(session.execute("SELECT count(*) AS n FROM t", Map.of()).rows()).containsExactly(Map.of("n", 0L));
        assertThatThrownBy(() -> session.prepare("SELECT b FROM t"))
                .isInstanceOf(MxcpException.class)
                .hasMessageStartingWith("Binder Error: Referenced column \"b\" not found");
        assertThatThrownBy(() -> session.prepare("SELECT * FROM missing"))
                .hasMessageStartingWith("Catalog Error: Table with name missing does not exist!");
        assertThatThrownBy(() -> session.prepare("SELECT 'unterminated")).hasMessageStartingWith("Parser Error:");
        // later statements may use what earlier ones create: only their syntax is checked
        session.prepare("CREATE TABLE fresh(b INT); SELECT b FROM fresh");
        assertThatThrownBy(() -> session.prepare("CREATE TABLE fresh(b INT); SELEC b FROM fresh"))
                .hasMessageStartingWith("Parser Error:");
        assertThatThrownBy(() -> session.prepare("SELECT 1; SELECT * FROM fresh"))
                .hasMessageStartingWith("Catalog Error:");
        assertThat(session.execute("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'fresh'", Map.of())
                .rows()).containsExactly(Map.of("n", 0L));
    }

    @Test
    void reusesPreparedStatementsWithNewParameters() {
        session.execute("CREATE TABLE t AS SELECT range AS id FROM range(5)", Map.of());
        String sql = "SELECT id FROM t WHERE id >= $min ORDER BY id";
        assertThat(session.execute(sql, Map.of("min", 3)).rows()).extracting(r -> r.get("id")).containsExactly(3L, 4L);
        assertThat(session.execute(sql, Map.of("min", 4)).rows()).extracting(r -> r.get("id")).containsExactly(4L);
        assertThat(session.execute(sql, Map.of("min", "1")).rows()).hasSize(4);
        // a cached statement sees later changes to its table
        session.execute("ALTER TABLE t ADD COLUMN extra INTEGER DEFAULT 7", Map.of());
        assertThat(session.execute("SELECT * FROM t WHERE id >= $min", Map.of("min", 4)).rows())
                .containsExactly(Map.of("id", 4L, "extra", 7));
        for (int i = 0; i < 300; i++) { // more distinct statements than the cache holds
            assertThat(value("SELECT " + i + " + $x", Map.of("x", 1))).isEqualTo(i + 1);
        }
        assertThat(session.execute(sql, Map.of("min", 2)).rows()).hasSize(3);
        // duckdb_jdbc closes a statement whose execution fails; the next use prepares it again
        String cast = "SELECT $x::INTEGER AS v";
        assertThatThrownBy(() -> session.execute(cast, Map.of("x", "abc"))).hasMessageStartingWith("Conversion Error");
        assertThat(session.execute(cast, Map.of("x", "5")).rows()).containsExactly(Map.of("v", 5));
    }

    @Test
    void duplicateColumnNamesAreMadeUnique() {
        QueryResult result = session.execute("SELECT 1 AS a, 2 AS a, 3 AS A, 4 AS a_1", Map.of());
        assertThat(result.columns()).extracting(QueryResult.Column::name).containsExactly("a", "a_1", "A_2", "a_1_1");
        assertThat(result.rows().getFirst()).containsExactly(
                Map.entry("a", 1), Map.entry("a_1", 2), Map.entry("A_2", 3), Map.entry("a_1_1", 4));
    }

    @Test
    void callerFunctionsReadTheCallerOfThisQuery() {
        var user = new UserContext("github", "u1", "alice", "alice@example.com", "Alice", null, "tok'en", Map.of(), null);
        var caller = new CallerContext(user, Map.of("Authorization", "Bearer x", "X-Trace", "t1"));
        String sql = """
                SELECT get_username() AS username, get_user_email() AS email, get_user_provider() AS provider,
                  get_user_external_token() AS token, get_request_header('authorization') AS auth,
                  GET_REQUEST_HEADER('x-trace') AS trace, get_request_header('missing') AS missing,
                  get_request_headers_json()::JSON AS headers
                """;
        Map<String, Object> row = session.execute(sql, Map.of(), caller).rows().getFirst();
        assertThat(row).containsEntry("username", "alice").containsEntry("email", "alice@example.com")
                .containsEntry("provider", "github").containsEntry("token", "tok'en")
                .containsEntry("auth", "Bearer x").containsEntry("trace", "t1").containsEntry("missing", null)
                .containsEntry("headers", Map.of("Authorization", "Bearer x", "X-Trace", "t1"));

        Map<String, Object> anonymous = session.execute(sql, Map.of()).rows().getFirst();
        assertThat(anonymous.values()).containsOnlyNulls();

        var noHeaders = new CallerContext(user, null);
        assertThat(session.execute("SELECT get_username() AS u, get_request_headers_json() AS h", Map.of(), noHeaders)
                .rows()).containsExactly(ordered("u", "alice", "h", null));
    }

    @Test
    void callerDoesNotOutliveTheLease() {
        var caller = new CallerContext(new UserContext("test", "u", "bob", null, null, null, "secret", Map.of(), null), null);
        session.execute("CREATE TEMPORARY MACRO sneaky() AS getvariable('mxcp_caller').external_token", Map.of());
        assertThat(value("SELECT get_user_external_token()", Map.of())).isNull();
        assertThat(session.execute("SELECT get_user_external_token() AS t", Map.of(), caller).rows())
                .containsExactly(Map.of("t", "secret"));
        session.close();
        // the same connection comes back (a pool of 2, the other one idle first), without the last caller
        try (DbSession a = db.session(); DbSession b = db.session()) {
            for (DbSession s : List.of(a, b)) {
                QueryResult result;
                try {
                    result = s.execute("SELECT sneaky() AS t", Map.of());
                } catch (MxcpException notThisConnection) {
                    continue; // the temporary macro exists only on the connection that created it
                }
                assertThat(result.rows().getFirst().get("t")).isNull();
            }
        }
        session = db.session();
    }

    @Test
    void aClosedSessionCannotBeUsed() {
        session.close();
        session.close();
        assertThatThrownBy(() -> session.execute("SELECT 1", Map.of())).isInstanceOf(IllegalStateException.class);
        session = db.session();
    }
}
