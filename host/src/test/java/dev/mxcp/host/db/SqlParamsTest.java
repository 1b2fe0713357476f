package dev.mxcp.host.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.db.SqlParams.ParsedSql;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SqlParamsTest {

    private static void assertRewrite(String sql, String expected, String... names) {
        ParsedSql parsed = SqlParams.parse(sql);
        assertThat(parsed.sql()).isEqualTo(expected);
        assertThat(parsed.names()).containsExactly(names);
    }

    private static void assertUntouched(String sql) {
        assertRewrite(sql, sql);
    }

    @Test
    void numbersNamesByFirstOccurrence() {
        assertRewrite("SELECT $a + $b + $a", "SELECT $1 + $2 + $1", "a", "b");
        assertRewrite("SELECT * FROM t WHERE id = $user_id AND x > $X1", "SELECT * FROM t WHERE id = $1 AND x > $2",
                "user_id", "X1");
        assertRewrite("SELECT 1", "SELECT 1");
    }

    @Test
    void namesAdjacentToPunctuationAndCasts() {
        assertRewrite("SELECT $x::INTEGER, ($a,$b), [$c], $d||'x', f($e)", "SELECT $1::INTEGER, ($2,$3), [$4], $5||'x', f($6)",
                "x", "a", "b", "c", "d", "e");
        assertRewrite("WHERE a=$a AND b<>$b;", "WHERE a=$1 AND b<>$2;", "a", "b");
        assertRewrite("SELECT $_under", "SELECT $1", "_under");
    }

    @Test
    void leavesStringLiteralsAlone() {
        assertUntouched("SELECT '$a', 'it''s $b'");
        assertRewrite("SELECT 'x' || $a || '$b'", "SELECT 'x' || $1 || '$b'", "a");
        assertRewrite("SELECT E'it\\'s $a', $b", "SELECT E'it\\'s $a', $1", "b");
        assertRewrite("SELECT e'\\\\', $b", "SELECT e'\\\\', $1", "b");
        // a plain literal treats backslash literally: the quote after it ends the literal
        assertRewrite("SELECT '\\', $b", "SELECT '\\', $1", "b");
    }

    @Test
    void leavesQuotedIdentifiersAlone() {
        assertUntouched("SELECT \"$a\", \"x\"\"$b\" FROM t");
        assertRewrite("SELECT \"col\" FROM t WHERE \"col\" = $v", "SELECT \"col\" FROM t WHERE \"col\" = $1", "v");
    }

    @Test
    void leavesDollarQuotedStringsAlone() {
        assertUntouched("SELECT $$ $a ' \" $$");
        assertUntouched("SELECT $tag$ $a $$ $tag$");
        assertRewrite("SELECT $q$it's $x$q$, $y", "SELECT $q$it's $x$q$, $1", "y");
    }

    @Test
    void leavesCommentsAlone() {
        assertRewrite("SELECT $a -- $b ' unbalanced\n, $c", "SELECT $1 -- $b ' unbalanced\n, $2", "a", "c");
        assertRewrite("SELECT /* $b ' */ $a", "SELECT /* $b ' */ $1", "a");
        assertRewrite("SELECT /* outer /* $inner */ $still */ $a", "SELECT /* outer /* $inner */ $still */ $1", "a");
        assertUntouched("SELECT 1 -- $trailing");
    }

    @Test
    void leavesPositionalParametersAlone() {
        assertUntouched("SELECT $1, $2, $1");
        assertUntouched("SELECT ?, ?");
    }

    @Test
    void rejectsMixedPositionalAndNamed() {
        assertThatThrownBy(() -> SqlParams.parse("SELECT $1, $name"))
                .isInstanceOf(MxcpException.class)
                .hasMessage("SQL mixes positional ($1) and named ($name) parameters; use only named parameters");
        assertThatThrownBy(() -> SqlParams.parse("SELECT $a WHERE x = ?"))
                .isInstanceOf(MxcpException.class)
                .hasMessageContaining("positional (?)");
    }

    @Test
    void dollarInsideIdentifiersIsNotAParameter() {
        assertUntouched("SELECT a$b, x$1 FROM t");
        assertRewrite("SELECT price$ + $p", "SELECT price$ + $1", "p");
    }

    @Test
    void loneDollarIsLeftAlone() {
        assertUntouched("SELECT '$' || $");
    }

    @Test
    @Timeout(5)
    void unterminatedTokensEndAtEndOfText() {
        assertRewrite("SELECT $a, 'open $b", "SELECT $1, 'open $b", "a");
        assertRewrite("SELECT $a, \"open $b", "SELECT $1, \"open $b", "a");
        assertRewrite("SELECT $a, $$open $b", "SELECT $1, $$open $b", "a");
        assertRewrite("SELECT $a /* open $b", "SELECT $1 /* open $b", "a");
        assertRewrite("SELECT $a, E'open\\", "SELECT $1, E'open\\", "a");
    }

    @Test
    void splitsScriptsOnTopLevelSemicolons() {
        List<ParsedSql> statements = SqlParams.statements(
                "CREATE TABLE t(a INT); INSERT INTO t VALUES ($b), ($a); -- comment\nSELECT ';', $a; ;  /* only */ ;");
        assertThat(statements).containsExactly(
                new ParsedSql("CREATE TABLE t(a INT)", List.of()),
                new ParsedSql("INSERT INTO t VALUES ($1), ($2)", List.of("b", "a")),
                new ParsedSql("-- comment\nSELECT ';', $1", List.of("a")));
        assertThat(SqlParams.parse("INSERT INTO t VALUES ($b); SELECT $a, $b").sql())
                .isEqualTo("INSERT INTO t VALUES ($1); SELECT $2, $1");
        assertThat(SqlParams.statements(" -- nothing\n ;")).isEmpty();
        assertThat(SqlParams.statements("SELECT $$;$$; SELECT 2")).extracting(ParsedSql::sql)
                .containsExactly("SELECT $$;$$", "SELECT 2");
    }

    @Test
    void findsTheLeadingKeyword() {
        assertThat(SqlParams.leadingKeyword("  -- hi\n /* x */ insert into t values (1)")).isEqualTo("INSERT");
        assertThat(SqlParams.leadingKeyword("(SELECT 1)")).isEqualTo("SELECT");
        assertThat(SqlParams.leadingKeyword("-- nothing")).isEqualTo("SQL");
    }
}
