package dev.mxcp.host.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DuckValuesTest {

    private static DuckDb db;

    @BeforeAll
    static void open() {
        db = DuckDb.open(DuckDbSettings.inMemory(1));
        try (DbSession s = db.session()) {
            s.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')", Map.of());
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Map<String, Object> row(String sql) {
        try (DbSession s = db.session()) {
            QueryResult result = s.execute(sql, Map.of());
            assertThat(result.rows()).hasSize(1);
            return result.rows().getFirst();
        }
    }

    @Test
    void convertsEveryScalarType() {
        Map<String, Object> row = row("""
                SELECT true AS bool, 1::TINYINT AS ti, 2::SMALLINT AS si, 3::INTEGER AS i, 4::BIGINT AS bi,
                  255::UTINYINT AS uti, 65535::USMALLINT AS usi, 4294967295::UINTEGER AS ui,
                  18446744073709551615::UBIGINT AS ubi,
                  '-170141183460469231731687303715884105728'::HUGEINT AS hi,
                  340282366920938463463374607431768211455::UHUGEINT AS uhi,
                  0.1::FLOAT AS f, 2.5::DOUBLE AS d, 'NaN'::DOUBLE AS nan,
                  123.45::DECIMAL(10,2) AS dec, 12345678901234567890.123456789::DECIMAL(38,9) AS dec38,
                  'abc' AS v, 'happy'::mood AS e, '550e8400-e29b-41d4-a716-446655440000'::UUID AS u,
                  DATE '2024-01-02' AS dt, TIME '03:04:05.123456' AS t, TIMETZ '03:04:05+02:00' AS ttz,
                  TIMESTAMP '2024-01-02 03:04:05.123456' AS ts, TIMESTAMP_S '2024-01-02 03:04:05' AS tss,
                  TIMESTAMP_MS '2024-01-02 03:04:05.123' AS tsms, TIMESTAMP_NS '2024-01-02 03:04:05.123456789' AS tsns,
                  TIMESTAMPTZ '2024-01-02 03:04:05+02' AS tstz,
                  INTERVAL '1 year 2 months 3 days 4 hours 5 minutes 6.5 seconds' AS iv,
                  '\\xAA\\xBB'::BLOB AS bl, '0101'::BITSTRING AS bit,
                  union_value(num := 2)::UNION(num INTEGER, str VARCHAR) AS un, 123::BIGNUM AS bn
                """);
        assertThat((byte[]) row.remove("bl")).containsExactly(0xAA, 0xBB);
        assertThat(row).containsExactly(
                Map.entry("bool", true), Map.entry("ti", 1), Map.entry("si", 2), Map.entry("i", 3), Map.entry("bi", 4L),
                Map.entry("uti", 255), Map.entry("usi", 65535), Map.entry("ui", 4294967295L),
                Map.entry("ubi", new BigInteger("18446744073709551615")),
                Map.entry("hi", new BigInteger("-170141183460469231731687303715884105728")),
                Map.entry("uhi", new BigInteger("340282366920938463463374607431768211455")),
                Map.entry("f", 0.1), Map.entry("d", 2.5), Map.entry("nan", Double.NaN),
                Map.entry("dec", new BigDecimal("123.45")),
                Map.entry("dec38", new BigDecimal("12345678901234567890.123456789")),
                Map.entry("v", "abc"), Map.entry("e", "happy"), Map.entry("u", "550e8400-e29b-41d4-a716-446655440000"),
                Map.entry("dt", LocalDate.of(2024, 1, 2)), Map.entry("t", LocalTime.of(3, 4, 5, 123_456_000)),
                Map.entry("ttz", OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHours(2))),
                Map.entry("ts", LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000)),
                Map.entry("tss", LocalDateTime.of(2024, 1, 2, 3, 4, 5)),
                Map.entry("tsms", LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_000_000)),
                Map.entry("tsns", LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_789)),
                Map.entry("tstz", OffsetDateTime.of(2024, 1, 2, 1, 4, 5, 0, ZoneOffset.UTC)),
                Map.entry("iv", "P1Y2M3DT4H5M6.5S"),
                Map.entry("bit", "0101"),
                Map.entry("un", 2), Map.entry("bn", new BigInteger("123")));
    }

    @Test
    void convertsJsonToPlainValues() {
        Map<String, Object> row = row("""
                SELECT '{"a": [1, 2.5, "x", null, true], "b": {"c": 12345678901234567890}}'::JSON AS obj,
                  '"text"'::JSON AS str, 'null'::JSON AS nul, ['{"k": 1}'::JSON] AS list
                """);
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("a", Arrays.asList(1, new BigDecimal("2.5"), "x", null, true));
        obj.put("b", Map.of("c", new BigInteger("12345678901234567890")));
        assertThat(row.get("obj")).isEqualTo(obj);
        assertThat(row.get("str")).isEqualTo("text");
        assertThat(row.get("nul")).isNull();
        assertThat(row.get("list")).isEqualTo(List.of(Map.of("k", 1)));
    }

    @Test
    void nullsOfEveryKindAreNull() {
        Map<String, Object> row = row("""
                SELECT NULL AS n, NULL::INTEGER AS i, NULL::DOUBLE AS d, NULL::VARCHAR AS v, NULL::DATE AS dt,
                  NULL::TIMESTAMP AS ts, NULL::TIMESTAMPTZ AS tstz, NULL::INTERVAL AS iv, NULL::BLOB AS bl,
                  NULL::JSON AS js, NULL::INTEGER[] AS l, NULL::STRUCT(a INTEGER) AS s, NULL::MAP(VARCHAR, INTEGER) AS m,
                  [NULL::DOUBLE, 1.5] AS dl, {'a': NULL::DOUBLE, 'b': NULL::TIMESTAMP} AS ns
                """);
        assertThat(row).containsEntry("n", null).containsEntry("i", null).containsEntry("d", null)
                .containsEntry("v", null).containsEntry("dt", null).containsEntry("ts", null)
                .containsEntry("tstz", null).containsEntry("iv", null).containsEntry("bl", null)
                .containsEntry("js", null).containsEntry("l", null).containsEntry("s", null).containsEntry("m", null);
        assertThat(row.get("dl")).isEqualTo(Arrays.asList(null, 1.5));
        var ns = new LinkedHashMap<String, Object>();
        ns.put("a", null);
        ns.put("b", null);
        assertThat(row.get("ns")).isEqualTo(ns);
    }

    @Test
    void convertsNestedValuesRecursively() {
        Map<String, Object> row = row("""
                SELECT [1, 2, 3] AS l, [1, 2]::INTEGER[2] AS arr, [[1, 2], [3]] AS ll,
                  {'x': 1, 'my field': 'a', 'iv': INTERVAL 2 days} AS s, MAP {'k': 1, 'j': 2} AS m,
                  [{'m': MAP {'a': {'iv': INTERVAL 1 hour, 'ts': TIMESTAMP '2024-01-02 03:04:05'}}}] AS deep,
                  [TIMESTAMPTZ '2024-01-02 03:04:05+02'] AS tzl, [0.1::FLOAT] AS fl, [1::TINYINT] AS til,
                  ['\\xAA'::BLOB] AS bll, [uuid '550e8400-e29b-41d4-a716-446655440000'] AS ul,
                  [1.5::DECIMAL(5,2)] AS decl, MAP {[1, 2]: 'listkey'} AS mk,
                  [INTERVAL 1 hour]::INTERVAL[1] AS ival, MAP {'a': INTERVAL '-1 day -2 hours'} AS ivm
                """);
        assertThat(row.get("l")).isEqualTo(List.of(1, 2, 3));
        assertThat(row.get("arr")).isEqualTo(List.of(1, 2));
        assertThat(row.get("ll")).isEqualTo(List.of(List.of(1, 2), List.of(3)));
        assertThat(row.get("s")).isInstanceOf(LinkedHashMap.class)
                .isEqualTo(Map.of("x", 1, "my field", "a", "iv", "P2D"));
        assertThat(((Map<?, ?>) row.get("s")).keySet()).extracting(Object::toString).containsExactly("x", "my field", "iv");
        assertThat(row.get("m")).isInstanceOf(LinkedHashMap.class).isEqualTo(Map.of("k", 1, "j", 2));
        assertThat(row.get("deep")).isEqualTo(List.of(Map.of("m", Map.of("a",
                Map.of("iv", "PT1H", "ts", LocalDateTime.of(2024, 1, 2, 3, 4, 5))))));
        assertThat(row.get("tzl")).isEqualTo(List.of(OffsetDateTime.of(2024, 1, 2, 1, 4, 5, 0, ZoneOffset.UTC)));
        assertThat(row.get("fl")).isEqualTo(List.of(0.1));
        assertThat(row.get("til")).isEqualTo(List.of(1));
        assertThat((List<?>) row.get("bll")).singleElement().isEqualTo(new byte[] {(byte) 0xAA});
        assertThat(row.get("ul")).isEqualTo(List.of("550e8400-e29b-41d4-a716-446655440000"));
        assertThat(row.get("decl")).isEqualTo(List.of(new BigDecimal("1.50")));
        assertThat(row.get("mk")).isEqualTo(Map.of(List.of(1, 2), "listkey"));
        assertThat(row.get("ival")).isEqualTo(List.of("PT1H"));
        assertThat(row.get("ivm")).isEqualTo(Map.of("a", "P-1DT-2H"));
    }

    @Test
    void writesJsonTheWayClientsExpect() {
        QueryResult result;
        try (DbSession s = db.session()) {
            result = s.execute("""
                    SELECT DATE '2024-01-02' AS dt, TIMESTAMP '2024-01-02 03:04:05' AS ts,
                      TIMESTAMP '2024-01-02 03:04:05.5' AS tsf, TIMESTAMPTZ '2024-01-02 03:04:05+02' AS tstz,
                      TIME '03:04:05' AS t, 123.45::DECIMAL(10,2) AS dec,
                      170141183460469231731687303715884105727::HUGEINT AS hi, '\\x01\\x02\\xFF'::BLOB AS bl,
                      'NaN'::DOUBLE AS nan, 'Infinity'::DOUBLE AS inf, NULL::DOUBLE AS nul, 1.5::DOUBLE AS d,
                      INTERVAL 90 minutes AS iv, [DATE '2024-01-02'] AS dl, {'ts': TIMESTAMP '2024-01-02 03:04:05'} AS st
                    """, Map.of());
        }
        assertThat(Json.write(result.rows())).isEqualTo("[{"
                + "\"dt\":\"2024-01-02\",\"ts\":\"2024-01-02T03:04:05\",\"tsf\":\"2024-01-02T03:04:05.5\","
                + "\"tstz\":\"2024-01-02T01:04:05Z\",\"t\":\"03:04:05\",\"dec\":123.45,"
                + "\"hi\":170141183460469231731687303715884105727,\"bl\":\"AQL/\","
                + "\"nan\":null,\"inf\":null,\"nul\":null,\"d\":1.5,\"iv\":\"PT1H30M\","
                + "\"dl\":[\"2024-01-02\"],\"st\":{\"ts\":\"2024-01-02T03:04:05\"}}]");
    }

    @Test
    void reportsColumnTypesAsDuckDbNamesThem() {
        try (DbSession s = db.session()) {
            QueryResult result = s.execute(
                    "SELECT 1 AS a, 1.5 AS b, [1] AS c, {'x': 1} AS d, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS e", Map.of());
            assertThat(result.columns()).containsExactly(
                    new QueryResult.Column("a", "INTEGER"), new QueryResult.Column("b", "DECIMAL(2,1)"),
                    new QueryResult.Column("c", "INTEGER[]"), new QueryResult.Column("d", "STRUCT(x INTEGER)"),
                    new QueryResult.Column("e", "TIMESTAMP WITH TIME ZONE"));
            assertThat(result.updateCount()).isEqualTo(-1);
        }
    }

    @Test
    void convertsIntervalTextToIsoDurations() {
        assertThat(DuckValues.isoInterval("1 year 2 months 3 days 04:05:06.5")).isEqualTo("P1Y2M3DT4H5M6.5S");
        assertThat(DuckValues.isoInterval("00:00:00")).isEqualTo("PT0S");
        assertThat(DuckValues.isoInterval("3 years")).isEqualTo("P3Y");
        assertThat(DuckValues.isoInterval("1 month -1 day")).isEqualTo("P1M-1D");
        assertThat(DuckValues.isoInterval("-1 day -02:00:00")).isEqualTo("P-1DT-2H");
        assertThat(DuckValues.isoInterval("-00:00:00.000001")).isEqualTo("PT-0.000001S");
        assertThat(DuckValues.isoInterval("100:00:00")).isEqualTo("PT100H");
        assertThat(DuckValues.isoInterval("-3 years -1 month 1 day -00:00:01.5")).isEqualTo("P-3Y-1M1DT-1.5S");
        assertThat(DuckValues.isoInterval("not an interval")).isEqualTo("not an interval");
    }

    @Test
    void parsesTypeNames() {
        DuckType type = DuckType.parse(
                "STRUCT(\"my \"\"field\" INTEGER, e ENUM('a', 'b''c)'), m MAP(VARCHAR[], INTERVAL), d DECIMAL(10,2))[]");
        assertThat(type.kind()).isEqualTo("LIST");
        DuckType struct = type.child(0);
        assertThat(struct.kind()).isEqualTo("STRUCT");
        assertThat(struct.children()).extracting(DuckType::kind).containsExactly("INTEGER", "ENUM", "MAP", "DECIMAL");
        assertThat(struct.child(2).child(0).kind()).isEqualTo("LIST");
        assertThat(struct.child(2).child(1).kind()).isEqualTo("INTERVAL");
        assertThat(DuckType.parse("INTEGER[3][]").kind()).isEqualTo("LIST");
        assertThat(DuckType.parse("INTEGER[3][]").child(0).kind()).isEqualTo("ARRAY");
        assertThat(DuckType.parse("TIMESTAMP WITH TIME ZONE").kind()).isEqualTo("TIMESTAMP WITH TIME ZONE");
        assertThat(DuckType.parse("STRUCT(broken")).isEqualTo(DuckType.UNKNOWN);
    }
}
