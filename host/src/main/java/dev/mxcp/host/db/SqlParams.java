package dev.mxcp.host.db;

import dev.mxcp.host.base.MxcpException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MXCP-style named parameters ({@code $name}) in SQL text. DuckDB's JDBC driver binds only positional
 * parameters, so {@code $name} is rewritten to {@code $1..$N}, numbering names by first occurrence (a name
 * used twice binds once). String literals ({@code '...'}, {@code E'...'}), quoted identifiers, dollar-quoted
 * strings ({@code $$...$$}, {@code $tag$...$tag$}) and comments are left untouched, and so are positional
 * parameters ({@code $1}, {@code ?}), but SQL that mixes positional and named parameters is rejected.
 */
public final class SqlParams {

    /**
     * SQL with named parameters rewritten to positional ones.
     *
     * @param sql the rewritten SQL ({@code $1..$N})
     * @param names the distinct parameter names in order of first occurrence; {@code names.get(i)} binds {@code $(i+1)}
     */
    public record ParsedSql(String sql, List<String> names) {
        public ParsedSql {
            names = List.copyOf(names);
        }
    }

    private SqlParams() {
    }

    /**
     * Rewrites every {@code $name} in {@code sql} (all statements of a script numbered together).
     *
     * @throws MxcpException if the SQL mixes positional and named parameters
     */
    public static ParsedSql parse(String sql) {
        var scan = new Scanner(sql);
        scan.run();
        return new ParsedSql(scan.whole.toString(), List.copyOf(scan.wholeNames.keySet()));
    }

    /**
     * Splits a script on top-level {@code ;} into its statements, each numbered on its own so that it can be
     * prepared alone. Statements holding only whitespace and comments are dropped.
     */
    static List<ParsedSql> statements(String sql) {
        var scan = new Scanner(sql);
        scan.run();
        return scan.statements;
    }

    /** The first keyword of a statement, upper-cased, for messages (e.g. "INSERT"); "SQL" if there is none. */
    static String leadingKeyword(String statement) {
        var scan = new Scanner(statement);
        scan.run();
        return scan.firstWord == null ? "SQL" : scan.firstWord;
    }

    /** One pass over the text that builds the whole rewrite and the per-statement rewrites together. */
    private static final class Scanner {
        private final String in;
        private final StringBuilder whole = new StringBuilder();
        private final Map<String, Integer> wholeNames = new LinkedHashMap<>();
        private final List<ParsedSql> statements = new ArrayList<>();
        private StringBuilder stmt = new StringBuilder();
        private Map<String, Integer> stmtNames = new LinkedHashMap<>();
        private boolean stmtHasCode;
        private String firstWord;
        private String positional;
        private String named;
        private int i;

        Scanner(String in) {
            this.in = in;
        }

        void run() {
            while (i < in.length()) {
                char c = in.charAt(i);
                int next = i + 1 < in.length() ? in.charAt(i + 1) : -1;
                if (c == '\'') {
                    boolean escapes = i > 0 && (in.charAt(i - 1) == 'E' || in.charAt(i - 1) == 'e')
                            && (i < 2 || !isIdentPart(in.charAt(i - 2)));
                    copyCode(quoted(i, '\'', escapes));
                } else if (c == '"') {
                    copyCode(quoted(i, '"', false));
                } else if (c == '-' && next == '-') {
                    int end = in.indexOf('\n', i);
                    copy(end < 0 ? in.length() : end + 1);
                } else if (c == '/' && next == '*') {
                    copy(blockComment(i));
                } else if (c == '$') {
                    dollar();
                } else if (c == '?') {
                    positional = "?";
                    copyCode(i + 1);
                } else if (c == ';') {
                    whole.append(c);
                    i++;
                    endStatement();
                } else if (isIdentStart(c)) {
                    int end = i;
                    while (end < in.length() && isIdentPart(in.charAt(end))) {
                        end++;
                    }
                    if (firstWord == null) {
                        firstWord = in.substring(i, end).toUpperCase(Locale.ROOT);
                    }
                    copyCode(end);
                } else if (Character.isWhitespace(c)) {
                    copy(i + 1);
                } else {
                    copyCode(i + 1);
                }
            }
            endStatement();
            if (positional != null && named != null) {
                throw new MxcpException("SQL mixes positional (" + positional + ") and named ($" + named
                        + ") parameters; use only named parameters");
            }
        }

        /** At a '$': a dollar-quoted string, a positional or named parameter, or part of an identifier. */
        private void dollar() {
            if (i > 0 && isIdentPart(in.charAt(i - 1))) {
                copyCode(i + 1); // identifiers may contain '$' after their first character
                return;
            }
            int j = i + 1;
            if (j < in.length() && Character.isDigit(in.charAt(j))) {
                while (j < in.length() && Character.isDigit(in.charAt(j))) {
                    j++;
                }
                if (positional == null) {
                    positional = in.substring(i, j);
                }
                copyCode(j);
                return;
            }
            while (j < in.length() && (j == i + 1 ? isIdentStart(in.charAt(j)) : isNamePart(in.charAt(j)))) {
                j++;
            }
            if (j < in.length() && in.charAt(j) == '$') {
                String tag = in.substring(i, j + 1); // "$$" or "$tag$"
                int close = in.indexOf(tag, j + 1);
                copyCode(close < 0 ? in.length() : close + tag.length());
            } else if (j > i + 1) {
                String name = in.substring(i + 1, j);
                if (named == null) {
                    named = name;
                }
                whole.append('$').append(wholeNames.computeIfAbsent(name, k -> wholeNames.size() + 1));
                stmt.append('$').append(stmtNames.computeIfAbsent(name, k -> stmtNames.size() + 1));
                stmtHasCode = true;
                i = j;
            } else {
                copyCode(i + 1);
            }
        }

        /** End index of a quoted token starting at {@code start}; the end of the text if it is unterminated. */
        private int quoted(int start, char quote, boolean backslashEscapes) {
            int j = start + 1;
            while (j < in.length()) {
                char c = in.charAt(j);
                if (backslashEscapes && c == '\\') {
                    j += 2;
                } else if (c == quote) {
                    if (j + 1 < in.length() && in.charAt(j + 1) == quote) {
                        j += 2;
                    } else {
                        return j + 1;
                    }
                } else {
                    j++;
                }
            }
            return in.length();
        }

        /** End index of a block comment; they nest, as in DuckDB and PostgreSQL. */
        private int blockComment(int start) {
            int depth = 0;
            int j = start;
            while (j < in.length()) {
                if (in.startsWith("/*", j)) {
                    depth++;
                    j += 2;
                } else if (in.startsWith("*/", j)) {
                    j += 2;
                    if (--depth == 0) {
                        return j;
                    }
                } else {
                    j++;
                }
            }
            return in.length();
        }

        private void copyCode(int end) {
            stmtHasCode = true;
            copy(end);
        }

        private void copy(int end) {
            end = Math.min(end, in.length());
            whole.append(in, i, end);
            stmt.append(in, i, end);
            i = end;
        }

        private void endStatement() {
            if (stmtHasCode) {
                statements.add(new ParsedSql(stmt.toString().strip(), List.copyOf(stmtNames.keySet())));
            }
            stmt = new StringBuilder();
            stmtNames = new LinkedHashMap<>();
            stmtHasCode = false;
        }

        private static boolean isIdentStart(char c) {
            return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }

        private static boolean isNamePart(char c) {
            return isIdentStart(c) || (c >= '0' && c <= '9');
        }

        private static boolean isIdentPart(char c) {
            return c == '_' || c == '$' || Character.isLetterOrDigit(c);
        }
    }
}
